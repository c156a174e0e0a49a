# cmake -DBUILD_DIR=... -DOK="a;b" -DUP="c;d" -P check_layering_build.cmake
# Builds each probe target of tests/layering: every OK probe must build; every UP probe (a
# lower stage including a higher stage's header) must fail, and fail because the header is
# not found.
set(failures 0)
foreach(t ${OK})
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${t}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(SEND_ERROR "${t}: a stage including its own header must build, but did not:\n${out}${err}")
    math(EXPR failures "${failures} + 1")
  else()
    message(STATUS "ok: ${t} builds")
  endif()
endforeach()
foreach(t ${UP})
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${t}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0)
    message(SEND_ERROR "${t}: an include from a lower stage to a higher one built; the layering is not enforced")
    math(EXPR failures "${failures} + 1")
  elseif(NOT "${out}${err}" MATCHES "No such file or directory|file not found")
    message(SEND_ERROR "${t}: failed, but not for want of the header:\n${out}${err}")
    math(EXPR failures "${failures} + 1")
  else()
    message(STATUS "ok: ${t} fails: the header is not on its include path")
  endif()
endforeach()
list(LENGTH OK n_ok)
list(LENGTH UP n_up)
if(failures GREATER 0)
  message(FATAL_ERROR "layering: ${failures} probe(s) wrong")
endif()
message(STATUS "layering: ${n_ok} stages build their own headers; ${n_up} upward includes fail to build")
