#ifndef EHBRIDGE_CZSTD_SHIM_H
#define EHBRIDGE_CZSTD_SHIM_H
#include <zstd.h>
#endif
