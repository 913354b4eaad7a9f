import Foundation
import GitHistory

/// One page named the way git users name files: `content/about.md` on disk, or `REV:PATH` in history.
public struct PageSource {
    private enum Location {
        case file(String)
        case revision(rev: String, path: String, directory: String)
    }
    private let location: Location
    public let maxBytes: Int

    public init(_ spec: String, directory: String, maxBytes: Int = HistoryRequest.defaultMaxFileSize) throws {
        self.maxBytes = maxBytes
        let onDisk = spec.hasPrefix("/") ? spec : (directory as NSString).appendingPathComponent(spec)
        if let colon = spec.firstIndex(of: ":"), !FileManager.default.fileExists(atPath: onDisk) {
            let rev = String(spec[..<colon])
            let path = String(spec[spec.index(after: colon)...])
            location = .revision(rev: rev.isEmpty ? "HEAD" : rev, path: path, directory: directory)
        } else {
            location = .file(onDisk)
        }
    }

    public func bytes() throws -> [UInt8] {
        switch location {
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw PageSourceError(message: "cannot read '\(path)': no such file")
            }
            defer { try? handle.close() }
            let data = try handle.read(upToCount: maxBytes + 1) ?? Data()
            if data.count > maxBytes { throw PageSourceError(message: "'\(path)' is larger than --max-file-size (\(maxBytes) bytes)") }
            return Array(data)
        case .revision(let rev, let path, let directory):
            let repository = try Repository.discover(startingAt: directory)
            let commit = try repository.resolveCommit(rev)
            var relative = path
            if relative.hasPrefix("./") {
                // git's `REV:./PATH`: relative to the current directory.
                let prefix = SemanticHistory.prefix(of: directory, in: repository.workdir)
                relative = prefix.isEmpty ? String(path.dropFirst(2)) : prefix + "/" + path.dropFirst(2)
            }
            guard let version = try repository.fileVersion(at: commit, path: GitPath(relative)) else {
                throw PageSourceError(message: "path '\(relative)' does not exist in '\(rev)'")
            }
            return try repository.content(of: version, maxBytes: maxBytes)
        }
    }
}

public struct PageSourceError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
