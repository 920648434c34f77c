#ifndef EHBRIDGE_CMALLOC_SHIM_H
#define EHBRIDGE_CMALLOC_SHIM_H
// glibc's malloc tuning (mallopt). mallopt is in the C library that every program links, so the module links
// nothing more.
#if defined(__linux__)
#include <malloc.h>
#endif

// Sets glibc's arena limit (M_ARENA_MAX). Returns 1 on success, 0 where the C library has no such setting.
static inline int ehb_set_malloc_arena_limit(int count) {
#if defined(__linux__) && defined(M_ARENA_MAX)
    return mallopt(M_ARENA_MAX, count);
#else
    (void)count;
    return 0;
#endif
}
#endif
