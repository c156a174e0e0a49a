/* xlsxzip.c - the workbook's compression level; see xlsxzip.h. */
#define _GNU_SOURCE
#include "xlsxzip.h"

#include <dlfcn.h>
#include <minizip/zip.h> /* and zlib.h */
#include <pthread.h>

typedef int (*open_fn)(zipFile, const char *, const zip_fileinfo *, const void *, uInt,
                       const void *, uInt, const char *, int, int, int, int, int, int, const char *,
                       uLong, uLong, uLong, int);

static open_fn next_open;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void find_next(void)
{
    /* the definition after the program's own in the lookup order: minizip's */
    void *f = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    next_open = *(open_fn *)&f;
}

bool fl_xlsxzip_ready(void)
{
    pthread_once(&once, find_next);
    return next_open != NULL;
}

int ZEXPORT zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
                                    const void *extrafield_local, uInt size_extrafield_local,
                                    const void *extrafield_global, uInt size_extrafield_global,
                                    const char *comment, int method, int level, int raw,
                                    int windowBits, int memLevel, int strategy,
                                    const char *password, uLong crcForCrypting, uLong versionMadeBy,
                                    uLong flagBase, int zip64)
{
    if (!fl_xlsxzip_ready())
        return ZIP_INTERNALERROR;
    if (method == Z_DEFLATED && !raw)
        level = FL_XLSX_ZIP_LEVEL;
    return next_open(file, filename, zipfi, extrafield_local, size_extrafield_local,
                     extrafield_global, size_extrafield_global, comment, method, level, raw,
                     windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy,
                     flagBase, zip64);
}
