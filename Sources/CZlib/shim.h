/* zlib, the compression libgit2 itself uses: profile-diff inflates loose objects to check them before libgit2 does. */
#include <zlib.h>
