import CGit2
import Glibc
import GitFixture
import Testing
@testable import GitHistory

/// The walk parses tree objects itself (`PackedTree(raw:)`); held here to libgit2 1.5.1's own parser on the same
/// bytes, written into a real object database: the same entries, or the same refusal.
@Suite struct PackedTreeTests {
    /// What one side made of a tree: its entries in stored order, or why it refused.
    enum Reading: Equatable, CustomStringConvertible {
        case entries([[UInt8]], [ObjectID], [UInt32])
        case refused(String)

        var description: String {
            switch self {
            case .entries(let names, _, let modes):
                return "entries \(names.map { String(decoding: $0, as: UTF8.self) }) \(modes.map { String($0, radix: 8) })"
            case .refused(let reason): return "refused: \(reason)"
            }
        }
    }

    static func ours(_ bytes: [UInt8]) -> Reading {
        do {
            let tree = try bytes.withUnsafeBytes { try PackedTree(raw: $0) }
            return .entries((0..<tree.count).map { Array(tree.name($0)) }, (0..<tree.count).map { tree[$0].id },
                            (0..<tree.count).map { tree[$0].mode })
        } catch let error as PackedTree.ParseError {
            return .refused("failed to parse tree: " + error.reason)
        } catch {
            return .refused("\(error)")
        }
    }

    static func libgit2(_ bytes: [UInt8], in repository: Repository) throws -> Reading {
        var database: OpaquePointer?
        #expect(git_repository_odb(&database, repository.pointer) == 0)
        defer { git_odb_free(database) }
        var oid = git_oid()
        #expect(bytes.withUnsafeBytes { git_odb_write(&oid, database, $0.baseAddress, $0.count, GIT_OBJECT_TREE) } == 0)
        var tree: OpaquePointer?
        guard git_tree_lookup(&tree, repository.pointer, &oid) == 0, let tree else {
            let message = git_error_last()?.pointee.message.map { String(cString: $0) } ?? "?"
            git_error_clear()
            return .refused(message)
        }
        defer { git_tree_free(tree) }
        var names: [[UInt8]] = [], ids: [ObjectID] = [], modes: [UInt32] = []
        for index in 0..<git_tree_entrycount(tree) {
            let entry = git_tree_entry_byindex(tree, index)
            let name = git_tree_entry_name(entry)!
            names.append(Array(UnsafeBufferPointer(start: UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self), count: strlen(name))))
            ids.append(ObjectID(git_tree_entry_id(entry)!))
            modes.append(UInt32(git_tree_entry_filemode(entry).rawValue))
        }
        return .entries(names, ids, modes)
    }

    static func entry(_ mode: String, _ name: String, _ id: UInt8 = 7) -> [UInt8] {
        Array(mode.utf8) + [0x20] + Array(name.utf8) + [0] + Array(repeating: id, count: 20)
    }

    @Test func oddModesAndMalformedEntriesReadAsLibgit2ReadsThem() throws {
        let fixture = try GitFixture()
        let cases: [[UInt8]] = [
            [],
            Self.entry("100644", "about.md") + Self.entry("40000", "content") + Self.entry("040000", "more"),
            Self.entry("100755", "run") + Self.entry("100664", "group") + Self.entry("120000", "link")
                + Self.entry("160000", "module") + Self.entry("0", "zero") + Self.entry("644", "short") + Self.entry("777", "x"),
            Self.entry("+100644", "plus"), Self.entry("-0", "minus zero"), Self.entry("-1", "minus"),
            Self.entry(" 100644", "space"), Self.entry("", "nomode"), Self.entry("8", "eight"),
            Self.entry("100648", "eight inside"), Self.entry("177777", "largest"), Self.entry("200000", "too large"),
            Self.entry("00000000000000000000000100644", "zeros"), Self.entry("1000000000000000000000000", "overflow"),
            Self.entry("100644", ""), Array("100644 name".utf8), Array("100644".utf8), Array("100644 a\0short".utf8),
            Self.entry("100644", "a") + Array("1".utf8), Self.entry("100644", "a\u{1}b/c\\d é"),
            Self.entry("100644", "b") + Self.entry("100644", "a"),
        ]
        for bytes in cases {
            let expected = try Self.libgit2(bytes, in: fixture.repository)
            #expect(Self.ours(bytes) == expected, "\(bytes)")
        }
    }

    @Test func randomlyDamagedTreesReadAsLibgit2ReadsThem() throws {
        let fixture = try GitFixture()
        var state: UInt64 = 5
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let modes = ["100644", "40000", "100755", "120000", "160000", "644", "0"]
        let alphabet: [UInt8] = Array("0178 +-a\0/".utf8)
        var refused = 0, read = 0
        for _ in 0..<1_500 {
            var bytes: [UInt8] = []
            for index in 0..<(1 + next(4)) { bytes += Self.entry(modes[next(modes.count)], "e\(index)", UInt8(next(256))) }
            for _ in 0..<next(3) {
                switch next(3) {
                case 0: bytes[next(bytes.count)] = alphabet[next(alphabet.count)]
                case 1: bytes.insert(alphabet[next(alphabet.count)], at: next(bytes.count + 1))
                default: bytes.removeLast(next(min(bytes.count, 24)))
                }
            }
            let expected = try Self.libgit2(bytes, in: fixture.repository)
            #expect(Self.ours(bytes) == expected, "\(bytes)")
            if case .refused = expected { refused += 1 } else { read += 1 }
        }
        // Both outcomes were exercised.
        #expect(refused > 200 && read > 200)
    }
}
