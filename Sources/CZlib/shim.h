#ifndef EHBRIDGE_CZLIB_SHIM_H
#define EHBRIDGE_CZLIB_SHIM_H
#include <zlib.h>

// inflateInit2 and deflateInit2 are macros that pass the library version and stream size.
static inline int ehb_inflate_init2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
static inline int ehb_deflate_init2(z_streamp stream, int level, int windowBits) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
#endif
