#include <git2.h>
#include <git2/sys/odb_backend.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one typed wrapper per option used. */
static inline int profile_diff_git_enable_caching(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}

static inline int profile_diff_git_verify_object_hashes(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/* Partial clones (actions/checkout with `filter: blob:none`) declare `extensions.partialclone`, which libgit2 1.5
   refuses to open unless told the extension is understood. Reading is all profile-diff does, and a blob the clone
   never fetched is simply not found, which the history layer reports as missing content. libgit2 copies the names. */
static inline int profile_diff_allow_partial_clones(void) {
    const char *extensions[] = { "partialclone" };
    return git_libgit2_opts(GIT_OPT_SET_EXTENSIONS, extensions, (size_t)1);
}

/* Sizes in bytes: one mapped window of a pack, and all windows mapped at once. */
static inline int profile_diff_git_pack_windows(size_t window, size_t limit) {
    int error = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window);
    return error ? error : git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, limit);
}
