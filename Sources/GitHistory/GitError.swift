import CGit2

/// A failed libgit2 call, carrying libgit2's own message so users see the real cause.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The libgit2 return codes callers act on; everything else is `.other`.
    public enum Code: Sendable, Equatable {
        case notFound, exists, ambiguous, bufferTooShort, bareRepository, unbornBranch, unmerged
        case invalidSpec, conflict, locked, modified, peel, invalid, directory, mismatch, owner
        case tooLarge
        case other(Int32)

        init(_ code: Int32) {
            switch code {
            case GIT_ENOTFOUND.rawValue: self = .notFound
            case GIT_EEXISTS.rawValue: self = .exists
            case GIT_EAMBIGUOUS.rawValue: self = .ambiguous
            case GIT_EBUFS.rawValue: self = .bufferTooShort
            case GIT_EBAREREPO.rawValue: self = .bareRepository
            case GIT_EUNBORNBRANCH.rawValue: self = .unbornBranch
            case GIT_EUNMERGED.rawValue: self = .unmerged
            case GIT_EINVALIDSPEC.rawValue: self = .invalidSpec
            case GIT_ECONFLICT.rawValue: self = .conflict
            case GIT_ELOCKED.rawValue: self = .locked
            case GIT_EMODIFIED.rawValue: self = .modified
            case GIT_EPEEL.rawValue: self = .peel
            case GIT_EINVALID.rawValue: self = .invalid
            case GIT_EDIRECTORY.rawValue: self = .directory
            case GIT_EMISMATCH.rawValue: self = .mismatch
            case GIT_EOWNER.rawValue: self = .owner
            default: self = .other(code)
            }
        }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// Errors a user can act on, each mapped by the CLI to its own exit code.
/// (A missing object is `GitError` with code `.notFound`, thrown by `content(of:)`; the walk records it in `problems`.)
public enum HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    case notARepository(path: String)
    case unknownRevision(String)
    /// `HEAD~20` in a history of ten commits: the base exists, the ancestor does not (a young repository, not a typo).
    case pastFirstCommit(spec: String, base: String, ancestors: Int)
    case ambiguousRevision(String)
    /// The range needs commits a shallow clone does not have.
    case shallowBoundary(spec: String, availableCommits: Int)
    case unsafeOwnership(path: String)
    case invalidPathspec(String, reason: String)

    public var description: String {
        switch self {
        case .notARepository(let path):
            return "not a git repository (or any parent up to /): \(path)"
        case .unknownRevision(let spec):
            return "unknown revision '\(spec)'"
        case .pastFirstCommit(let spec, let base, let ancestors):
            let commits = ancestors == 1 ? "1 commit" : "\(ancestors) commits"
            return "unknown revision '\(spec)': \(base) has only \(commits) before it; --root shows the whole history"
        case .ambiguousRevision(let spec):
            return "ambiguous revision '\(spec)': use more characters of the id or a full ref name"
        case .shallowBoundary(let spec, let count):
            let commits = count == 1 ? "1 commit" : "\(count) commits"
            return "repository is a shallow clone: \(spec) is beyond its \(commits); "
                + "fetch full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0)"
        case .unsafeOwnership(let path):
            return "repository at \(path) is owned by another user; "
                + "if you trust it, run: git config --global --add safe.directory \(path)"
        case .invalidPathspec(let spec, let reason):
            return "invalid pathspec '\(spec)': \(reason)"
        }
    }
}

/// libgit2 must be initialised once per process before any other call.
private let libgit2Initialised: Bool = {
    git_libgit2_init()
    // libgit2 keeps every commit and tree it reads (up to 256 MB by default). A history walk reads each once or
    // twice and the walk keeps its own small tree cache, so libgit2's only costs memory: measured on 10,000
    // commits, without it the walk takes 0.56 s instead of 0.81 s and 62 MB instead of 102 MB.
    _ = profile_diff_git_enable_caching(0)
    // libgit2 hashes every object it reads again to check its id, with SHA-1 collision detection: a seventh of all
    // the instructions of a whole-history run. git itself checks ids only in fsck, not when reading; a damaged
    // object still fails to inflate (zlib's checksum, and `LooseObjectGuard` for truncated loose objects).
    _ = profile_diff_git_verify_object_hashes(0)
    // Open partial clones; should this fail, opening one fails with libgit2's own "unsupported extension" error.
    _ = profile_diff_allow_partial_clones()
    // libgit2 maps packs in windows of 1 GB, up to 8 GB, and keeps them mapped: every page of the pack a whole-history
    // walk touched stayed resident, so peak memory grew with the repository (7 MB of a 10,000-commit history's pack,
    // 24 MB of a 30,000-commit one). Small windows, few of them: measured on 10,000 commits, 5 MB less at peak and
    // no slower (median of 5, interleaved; system time the same).
    _ = profile_diff_git_pack_windows(256 << 10, 2 << 20)
    return true
}()

func ensureLibgit2() {
    _ = libgit2Initialised
}

/// Turns a libgit2 return code into a thrown `GitError`, reading the thread-local error text.
@discardableResult
func check(_ code: Int32, _ context: @autoclosure () -> String = "") throws -> Int32 {
    guard code < 0 else { return code }
    var message = "libgit2 error \(code)"
    if let last = git_error_last(), let text = last.pointee.message {
        message = String(cString: text)
    }
    git_error_clear()
    let prefix = context()
    throw GitError(GitError.Code(code), prefix.isEmpty ? message : "\(prefix): \(message)")
}

/// Looks an object up by id with one of libgit2's `git_*_lookup` functions (or `git_odb_read`, given the object
/// database instead of the repository). A missing object is
/// `GitError(.notFound, missing)`, what partial clones and corrupt stores produce and callers report per file;
/// any other failure goes through `check` with `context`.
func lookup(
    _ id: ObjectID, in repository: OpaquePointer, missing: @autoclosure () -> String, context: @autoclosure () -> String,
    using function: (UnsafeMutablePointer<OpaquePointer?>, OpaquePointer, UnsafePointer<git_oid>) -> Int32
) throws -> OpaquePointer {
    var handle: OpaquePointer?
    var oid = id.oid
    let code = function(&handle, repository, &oid)
    if code == GIT_ENOTFOUND.rawValue {
        git_error_clear()
        throw GitError(.notFound, missing())
    }
    try check(code, context())
    guard let handle else { throw GitError(.notFound, missing()) }
    return handle
}
