import CGit2

/// A git object id, stored inline so hashing and comparing stay cheap in hot walks.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
    let high: UInt64
    let middle: UInt64
    let low: UInt32

    init(_ oid: git_oid) {
        var copy = oid
        self = withUnsafeBytes(of: &copy.id) { ObjectID(raw: $0.baseAddress!) }
    }

    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(pointer.pointee)
    }

    /// An id from its 20 raw bytes, as a tree entry stores it.
    init(raw: UnsafeRawPointer) {
        high = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        middle = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        low = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    var oid: git_oid {
        var result = git_oid()
        withUnsafeMutableBytes(of: &result.id) { raw in
            raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
        return result
    }

    public init?(hex: String) {
        let bytes = Array(hex.utf8)
        guard bytes.count == 40 else { return nil }
        var values: [UInt8] = []
        values.reserveCapacity(20)
        var index = 0
        while index < 40 {
            guard let hi = hexValue(bytes[index]), let lo = hexValue(bytes[index + 1]) else { return nil }
            values.append(hi << 4 | lo)
            index += 2
        }
        var result = git_oid()
        withUnsafeMutableBytes(of: &result.id) { raw in
            raw.copyBytes(from: values)
        }
        self.init(result)
    }

    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(40)
        for (value, width) in [(high, 16), (middle, 16), (UInt64(low), 8)] {
            for shift in stride(from: (width - 1) * 4, through: 0, by: -4) {
                out.append(digits[Int((value >> UInt64(shift)) & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first seven hex digits, as `git log --oneline` shows.
    public var short: String { String(hex.prefix(7)) }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
}

/// A repository path as git stores it: bytes, because two byte paths may decode to one `String`.
public struct GitPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(_ string: String) { bytes = Array(string.utf8) }
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Lossy UTF-8 decoding, for display only.
    public var display: String { String(decoding: bytes, as: UTF8.self) }
    public var description: String { display }

    public static func < (lhs: GitPath, rhs: GitPath) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

/// Who made a commit and when, with the author's own UTC offset.
public struct Signature: Sendable, Equatable, Hashable {
    public var name: String
    public var email: String
    /// Seconds since the Unix epoch.
    public var time: Int64
    public var offsetMinutes: Int

    public init(name: String, email: String, time: Int64, offsetMinutes: Int) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    /// Local time with offset, e.g. "2025-08-30T14:02:11+02:00".
    public var iso8601: String { ISO8601Time.format(time: time, offsetMinutes: offsetMinutes) }
}

public struct CommitInfo: Sendable, Equatable {
    public var id: ObjectID
    public var parents: [ObjectID]
    public var tree: ObjectID
    /// The first paragraph of the message joined into one line, as `git log --oneline` shows.
    public var subject: String
    public var message: String
    public var author: Signature
    public var committer: Signature
}

public enum EntryKind: Sendable, Hashable {
    case file, executable, symlink, submodule, tree

    init(mode: UInt32) {
        switch mode & 0o170000 {
        case 0o040000: self = .tree
        case 0o120000: self = .symlink
        case 0o160000: self = .submodule
        default: self = (mode & 0o111) != 0 ? .executable : .file
        }
    }

    var mode: UInt32 {
        switch self {
        case .file: return 0o100644
        case .executable: return 0o100755
        case .symlink: return 0o120000
        case .submodule: return 0o160000
        case .tree: return 0o040000
        }
    }
}

/// One version of a file: a blob in the object store, or (blob nil) the file in the working tree.
public struct FileVersion: Sendable, Hashable {
    public var path: GitPath
    public var blob: ObjectID?
    public var kind: EntryKind

    public init(path: GitPath, blob: ObjectID?, kind: EntryKind) {
        self.path = path
        self.blob = blob
        self.kind = kind
    }
}

public struct FileChange: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case added, modified, deleted, renamed
        /// Re-added with the very content it had when it was deleted earlier in the range.
        case restored
    }

    public var status: Status
    public var old: FileVersion?
    public var new: FileVersion?
    /// Rename similarity in percent, from libgit2's detection.
    public var similarity: Int?

    public init(status: Status, old: FileVersion?, new: FileVersion?, similarity: Int? = nil) {
        self.status = status
        self.old = old
        self.new = new
        self.similarity = similarity
    }

    /// The path a reader knows the file by now (the new path, or the old one for a deletion).
    public var path: GitPath { new?.path ?? old?.path ?? GitPath(bytes: []) }
}

public struct HistoryEntry: Sendable {
    public var commit: CommitInfo
    /// The parent compared against; nil for a root commit.
    public var comparedTo: ObjectID?
    public var changes: [FileChange]
    /// Trouble met while comparing this commit (missing objects); the walk went on.
    public var problems: [String]
}

public struct RevisionRange: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `REV`: REV..HEAD.
        case since
        case twoDot
        /// `A...B`: what B changed since the merge base.
        case threeDot(mergeBase: ObjectID)
        /// The whole history up to the tip.
        case root
        /// The tip commit alone, as `git show` would.
        case single
    }

    public var spec: String
    public var tip: ObjectID
    public var excluded: [ObjectID]
    public var kind: Kind

    public init(spec: String, tip: ObjectID, excluded: [ObjectID], kind: Kind) {
        self.spec = spec
        self.tip = tip
        self.excluded = excluded
        self.kind = kind
    }
}

public struct WalkOptions: Sendable {
    public enum Order: Sendable { case newestFirst, reverse }
    public enum Simplification: Sendable { case `default`, firstParent, fullHistory }

    public var order: Order
    public var maxCount: Int?
    /// Committer time bounds in Unix seconds, inclusive, as `git log --since/--until`.
    public var since: Int64?
    public var until: Int64?
    public var simplification: Simplification
    public var detectRenames: Bool

    public init(
        order: Order = .newestFirst, maxCount: Int? = nil, since: Int64? = nil, until: Int64? = nil,
        simplification: Simplification = .default, detectRenames: Bool = true
    ) {
        self.order = order
        self.maxCount = maxCount
        self.since = since
        self.until = until
        self.simplification = simplification
        self.detectRenames = detectRenames
    }
}
