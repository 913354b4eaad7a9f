/*
 * profile-diff (and the page benchmark, to measure what ships) allocates through jemalloc (Debian's libjemalloc2),
 * linked in place of glibc's malloc.
 *
 * Why: a whole-history run spends a third of its CPU time in reference counting and in malloc and free, not in
 * instructions but in stalls, and glibc's malloc is at its slowest where profile-diff works: memory allocated on one
 * thread (a page parsed on the parsing stage) and freed on another (when the comparing stage is done with it).
 * Measured on the 10,000-commit benchmark history (docs/performance.md): see the "allocator" rows there.
 *
 * jemalloc reads this string when it starts, before main. One arena: every thread keeps its own cache of small
 * blocks, so threads rarely meet at the arena's lock, and a single arena holds less memory idle than the eight
 * (four per core) jemalloc would make on two cores.
 *
 * Freed pages go back to the system after 0.3 s instead of jemalloc's 10 s: a whole-history run lasts seconds, so
 * with 10 s nothing was ever returned and the peak held every page freed on the way. Measured interleaved: 10,000
 * commits 73 -> 69 MB, 30,000 commits 100 -> 94 MB (medians), no slower; 0.1 s cost a tenth more CPU time.
 */
#include "CAllocator.h"

const char *malloc_conf = "narenas:1,dirty_decay_ms:300";
