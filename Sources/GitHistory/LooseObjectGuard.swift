import CGit2
import CZlib
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Checks loose objects before libgit2 reads them: Debian's libgit2 1.5.1 loops forever inflating a truncated
/// loose object (libgit2#7342, fixed upstream by #7346), which a copy interrupted mid-file or a full disk leaves
/// behind. profile-diff runs unattended in CI, where a hang is worse than any error.
///
/// It is an object-database backend in front of the repository's own (the highest priority, so libgit2 asks it
/// first). For an object stored loose it inflates the file once; a stream that ends early fails the read as corrupt,
/// which the history layer reports for that commit or page like any unreadable object, and the walk goes on.
/// Otherwise it answers "not here" and libgit2's own backends read the object as usual. Packed objects, nearly all
/// of a real history, cost one set lookup: which objects are loose is listed once, when the repository is opened.
final class LooseObjectGuard: Sendable {
    /// Loose objects by id, with the objects directory each was found in.
    private let looseObjects: [ObjectID: String]
    /// Verdicts so far: nil for an intact object, the reason for a corrupt one.
    private let verdicts = Mutex<[ObjectID: String?]>([:])

    private init(looseObjects: [ObjectID: String]) {
        self.looseObjects = looseObjects
    }

    /// Puts a guard in front of the repository's object database; does nothing when no object is stored loose.
    /// A failure leaves the repository as libgit2 opened it: the guard protects, it is never needed to read.
    static func install(on repository: OpaquePointer) {
        guard let commonDirectory = git_repository_commondir(repository) else { return }
        let objects = String(cString: commonDirectory) + "objects"
        var directories = [objects]
        // Alternates (`git clone --reference`, `--shared`) hold loose objects of their own; one level is read.
        if let alternates = readFile(objects + "/info/alternates") {
            for line in alternates.split(separator: UInt8(ascii: "\n")) {
                let path = String(decoding: line, as: UTF8.self).trimmingSpaces
                if path.isEmpty || path.hasPrefix("#") { continue }
                directories.append(path.hasPrefix("/") ? path : objects + "/" + path)
            }
        }
        var loose: [ObjectID: String] = [:]
        for directory in directories { listLooseObjects(in: directory, into: &loose) }
        guard !loose.isEmpty else { return }

        var database: OpaquePointer?
        guard git_repository_odb(&database, repository) == 0, let database else {
            git_error_clear()
            return
        }
        defer { git_odb_free(database) }
        let backend = makeBackend(for: LooseObjectGuard(looseObjects: loose))
        if git_odb_add_backend(database, backend, Int32.max) != 0 {
            git_error_clear()
            releaseBackend(backend)
        }
    }

    /// Why the object is corrupt, or nil when it is not stored loose or inflates to its end.
    func problem(with id: ObjectID) -> String? {
        guard let directory = looseObjects[id] else { return nil }
        if let verdict = verdicts.withLock({ $0[id] }) { return verdict }
        let hex = id.hex
        let path = directory + "/" + hex.prefix(2) + "/" + hex.dropFirst(2)
        // Callers name the object ("cannot read tree <id>: ..."); this says what is wrong with it and where.
        let verdict = Self.inflationProblem(path: path).map { "the loose object file \(path) \($0)" }
        verdicts.withLock { $0[id] = .some(verdict) }
        return verdict
    }

    /// The first problem among the loose objects whose id starts with the `length` hex digits of `prefix`.
    func problem(withPrefix prefix: ObjectID, length: Int) -> String? {
        let digits = prefix.hex.prefix(length)
        for id in looseObjects.keys where id.hex.hasPrefix(digits) {
            if let problem = problem(with: id) { return problem }
        }
        return nil
    }

    // MARK: - Reading loose objects

    private static func listLooseObjects(in directory: String, into result: inout [ObjectID: String]) {
        let digits = Array("0123456789abcdef")
        for high in digits {
            for low in digits {
                let fanout = "\(high)\(low)"
                guard let handle = opendir(directory + "/" + fanout) else { continue }
                defer { closedir(handle) }
                while let entry = readdir(handle) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                    }
                    if name.utf8.count == 38, let id = ObjectID(hex: fanout + name), result[id] == nil {
                        result[id] = directory
                    }
                }
            }
        }
    }

    /// Inflates a loose object's file to its end; nil when the zlib stream is whole.
    /// The file is read in full (loose objects are small: big files are packed), the output thrown away.
    private static func inflationProblem(path: String) -> String? {
        guard let compressed = readFile(path) else { return nil }  // Gone since listed: libgit2 will say not found.
        var stream = z_stream()
        guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return "cannot be checked (zlib did not start)"
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: 65_536)
        return compressed.withUnsafeBufferPointer { input -> String? in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while true {
                let status = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                switch status {
                case Z_STREAM_END:
                    return nil
                case Z_OK where stream.avail_out == 0:
                    continue  // The output buffer filled up: more to inflate.
                case Z_OK, Z_BUF_ERROR:
                    return "is truncated (its compressed data ends early)"
                default:
                    return "is not valid compressed data"
                }
            }
        }
    }
}

// MARK: - The libgit2 backend

/// A `git_odb_backend` followed by the guard it belongs to, allocated as one block so each callback finds its guard.
private let backendSize = MemoryLayout<git_odb_backend>.stride
private let blockSize = backendSize + MemoryLayout<UnsafeRawPointer>.stride

private func makeBackend(for guardian: LooseObjectGuard) -> UnsafeMutablePointer<git_odb_backend> {
    let block = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
    let backend = block.bindMemory(to: git_odb_backend.self, capacity: 1)
    backend.initialize(to: git_odb_backend())
    _ = git_odb_init_backend(backend, UInt32(GIT_ODB_BACKEND_VERSION))
    block.storeBytes(of: Unmanaged.passRetained(guardian).toOpaque(), toByteOffset: backendSize, as: UnsafeRawPointer.self)
    backend.pointee.read = { _, _, _, backend, id in refuseCorrupt(backend, id) }
    backend.pointee.read_header = { _, _, backend, id in refuseCorrupt(backend, id) }
    backend.pointee.read_prefix = { _, _, _, _, backend, prefix, length in
        guard let guardian = guardOwning(backend), let prefix else { return GIT_ENOTFOUND.rawValue }
        return refuse(guardian.problem(withPrefix: ObjectID(prefix), length: Int(length)))
    }
    // libgit2 calls `foreach` on every backend without checking for one: list nothing of our own.
    backend.pointee.foreach = { _, _, _ in 0 }
    backend.pointee.free = { backend in
        if let backend { releaseBackend(backend) }
    }
    return backend
}

private func releaseBackend(_ backend: UnsafeMutablePointer<git_odb_backend>) {
    let block = UnsafeMutableRawPointer(backend)
    Unmanaged<LooseObjectGuard>.fromOpaque(block.load(fromByteOffset: backendSize, as: UnsafeRawPointer.self)).release()
    backend.deinitialize(count: 1)
    block.deallocate()
}

private func guardOwning(_ backend: UnsafeMutablePointer<git_odb_backend>?) -> LooseObjectGuard? {
    guard let backend else { return nil }
    let context = UnsafeRawPointer(backend).load(fromByteOffset: backendSize, as: UnsafeRawPointer.self)
    return Unmanaged<LooseObjectGuard>.fromOpaque(context).takeUnretainedValue()
}

private func refuseCorrupt(_ backend: UnsafeMutablePointer<git_odb_backend>?, _ id: UnsafePointer<git_oid>?) -> Int32 {
    guard let guardian = guardOwning(backend), let id else { return GIT_ENOTFOUND.rawValue }
    return refuse(guardian.problem(with: ObjectID(id)))
}

/// "Not here" lets libgit2 go on to its own backends; an error stops the read with our message.
private func refuse(_ problem: String?) -> Int32 {
    guard let problem else { return GIT_ENOTFOUND.rawValue }
    _ = git_error_set_str(Int32(GIT_ERROR_ODB.rawValue), problem)
    return GIT_ERROR.rawValue
}
