/*
 * xlsxzip.h - how hard the workbook is compressed (the only module that uses minizip).
 *
 * libxlsxwriter puts the workbook's parts in its zip through the system's minizip and asks
 * zlib for its default level (6); it has no option for another. On a big report that level
 * is most of the writing: at 5M rows of the realistic mix the Cases sheet is 514 MB of XML,
 * and deflating it at level 6 took 6.4 s of the 17 s the reports took to write. Level
 * FL_XLSX_ZIP_LEVEL deflates the same XML about three times as fast into a file about a
 * quarter bigger (bench/README.md). So this module defines minizip's
 * zipOpenNewFileInZip4_64 in the program: the dynamic linker resolves libxlsxwriter's call
 * to the program's own definition (an executable's symbols come before its libraries'),
 * which hands the call to minizip's with that level. Nothing else in the program writes a
 * zip through minizip (reviews.c reads workbooks with libzip).
 */
#ifndef FL_XLSXZIP_H
#define FL_XLSXZIP_H

#include <stdbool.h>

#define FL_XLSX_ZIP_LEVEL 2

/* Whether minizip's own function was found, for the workbook's entries to go through; call
   before writing a workbook (false: the entries are not written at all, and the writer
   fails with a message). */
bool fl_xlsxzip_ready(void);

#endif
