import Foundation

/// Where rendered text goes: standard output as it is produced, or a file that appears whole or not at all.
///
/// Text is gathered and handed to the system once 64 KB have come together, and whenever the caller says a unit of
/// output is complete (`flush()`, after each batch of commits): a system call per commit was 8,800 calls on a
/// 10,000-commit history.
///
/// A file is written to a fresh temporary name beside it (created with O_EXCL | O_NOFOLLOW, so a planted
/// symlink is never followed) and renamed over the target at the end: a reader never sees half a changelog,
/// and a failed run leaves the old file untouched.
final class OutputSink {
    private let target: String?
    private let temporaryPath: String?
    private let descriptor: Int32
    private let keepCopy: Bool
    /// Everything written, when asked for (the step summary needs the report again).
    private(set) var copy = ""
    private var committed = false
    /// Written but not yet handed to the system.
    private var pending: [UInt8] = []
    private static let pieceSize = 64 << 10

    init(path: String?, keepCopy: Bool = false) throws {
        self.keepCopy = keepCopy
        target = path
        guard let path else {
            temporaryPath = nil
            descriptor = STDOUT_FILENO
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var attempt = 0
        while true {
            let candidate = (directory.isEmpty ? "." : directory) + "/.\(name).\(UInt32.random(in: 0...UInt32.max)).tmp"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd >= 0 {
                temporaryPath = candidate
                descriptor = fd
                return
            }
            attempt += 1
            if errno != EEXIST || attempt > 16 {
                throw InputError(message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
        }
    }

    deinit {
        // A run that failed still shows what it had written; a file that was never committed is dropped whole.
        if temporaryPath == nil { try? flush() }
        if let temporaryPath, !committed {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    func write(_ text: String) throws {
        guard !text.isEmpty else { return }
        if keepCopy { copy += text }
        try gather(text.utf8)
    }

    /// Writes UTF-8 text already in bytes.
    func write(utf8 bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        if keepCopy { copy += String(decoding: bytes, as: UTF8.self) }
        try gather(bytes)
    }

    private func gather(_ bytes: some Sequence<UInt8>) throws {
        pending.append(contentsOf: bytes)
        if pending.count >= Self.pieceSize { try flush() }
    }

    /// Hands what was written so far to the system: a reader of standard output sees it now.
    func flush() throws {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        try writeBytes(pending)
    }

    private func writeBytes(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw ExitStatus.success.exitCode }
                throw InputError(message: "cannot write output: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Makes the output visible: renames the temporary file over the target.
    func commit() throws {
        try flush()
        guard let target, let temporaryPath else { return }
        committed = true
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            unlink(temporaryPath)
            throw InputError(message: "cannot write '\(target)': \(String(cString: strerror(errno)))")
        }
        guard rename(temporaryPath, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw InputError(message: "cannot write '\(target)': \(reason)")
        }
    }
}
