#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one typed wrapper per option used. */
static inline int profile_diff_git_enable_caching(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}
