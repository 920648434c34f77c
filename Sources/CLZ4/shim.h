#ifndef EHBRIDGE_CLZ4_SHIM_H
#define EHBRIDGE_CLZ4_SHIM_H
#include <lz4.h>
#endif
