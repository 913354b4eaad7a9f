#ifndef PROFILE_DIFF_ALLOCATOR_H
#define PROFILE_DIFF_ALLOCATOR_H

#include <stddef.h>

/* The settings profile-diff gives jemalloc (see allocator.c). */
extern const char *malloc_conf;

/* jemalloc's control interface, declared here rather than through <jemalloc/jemalloc.h>, whose own malloc and free
   declarations would clash with Glibc's in the Swift module. */
int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);

#endif
