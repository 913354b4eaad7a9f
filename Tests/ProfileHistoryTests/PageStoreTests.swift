import Foundation
import GitFixture
@testable import GitHistory
@testable import ProfileHistory
import ProfileDocument
import Testing

/// The store parses a batch's versions in chains, each reusing the sections of the one before: whatever the
/// chains, every version must come out as a full parse of its bytes.
@Suite struct PageStoreTests {
    private static func key(_ n: Int, path: String = "content/about.md") -> PageKey {
        let hex = String(repeating: "0", count: 40 - String(n, radix: 16).count) + String(n, radix: 16)
        return PageKey(FileVersion(path: GitPath(path), blob: ObjectID(hex: hex), kind: .file))
    }

    /// Versions of a page as a history makes them: each the last with one line reworded, added or dropped.
    private static func versions(_ count: Int, seed: UInt64) -> [[UInt8]] {
        var lines = (0..<12).flatMap { section in
            ["## Section \(section)", "", "Paragraph \(section) with a [link](/p\(section)).", "", "- item a", "- item b", ""]
        }
        var state = seed
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var result: [[UInt8]] = []
        for step in 0..<count {
            let at = next() % lines.count
            switch next() % 3 {
            case 0: lines[at] += " edited \(step)"
            case 1: lines.insert("- new item \(step)", at: at)
            default: if lines.count > 20 { lines.remove(at: at) }
            }
            result.append(Array(lines.joined(separator: "\n").utf8))
        }
        return result
    }

    /// One batch: the versions `range` of `pages`, of which those before `held` are already in the store.
    private static func batch(_ pages: [[UInt8]], _ range: ClosedRange<Int>, held: Int? = nil) -> LoadedPages {
        var loaded = LoadedPages()
        for n in range {
            loaded.needed.append(key(n))
            if n != held {
                loaded.read.append((key(n), .bytes(pages[n])))
                loaded.kept.append(key(n))
            }
            if n > range.lowerBound { loaded.neighbours.append((key(n - 1), key(n))) }
        }
        return loaded
    }

    @Test func everyVersionEqualsAFullParseAcrossBatches() throws {
        let pages = Self.versions(121, seed: 11)
        let store = PageStore()
        var checked = 0
        for range in [0...40, 40...80, 80...120] {
            let parsed = store.parse(Self.batch(pages, range, held: range.lowerBound == 0 ? nil : range.lowerBound))
            for n in range {
                guard case .document(let document) = parsed[Self.key(n)] else {
                    Issue.record("version \(n) not parsed")
                    continue
                }
                #expect(document == ProfileDocument.parse(pages[n]), "version \(n)")
                checked += 1
            }
        }
        #expect(checked == 123)
    }

    @Test func chainsStartAtTheHeldVersionAndAreCutForAllCores() {
        let pages = Self.versions(66, seed: 3)
        let loaded = Self.batch(pages, 0...65)
        var withoutFirst = loaded
        withoutFirst.read.removeFirst()
        let chains = PageStore.chains(withoutFirst, canLend: { $0 == Self.key(0) })
        // 65 versions to parse: chains of at most 17, so four of them, the first reusing the held version.
        #expect(chains.map(\.count) == [17, 17, 17, 14])
        #expect(chains.first?.first?.base == Self.key(0))
        for chain in chains {
            for (previous, link) in zip(chain, chain.dropFirst()) { #expect(link.base == previous.key) }
        }
        #expect(chains.dropFirst().allSatisfy { $0.first?.base == nil })
        #expect(Set(chains.joined().map(\.read)) == Set(withoutFirst.read.indices))
    }
}

/// The walk streams commits into a `WalkStream` far ahead of the pipeline; the commits as read (messages,
/// signatures) that ride along are bounded, and dropped once taken.
@Suite struct WalkStreamTests {
    @Test func commitsAsReadAreBoundedAndDroppedOnceTaken() throws {
        let fixture = try GitFixture()
        for number in 1...40 { try fixture.commit("c\(number)", files: ["content/about.md": "# About\n\nversion \(number)\n"]) }
        // A handle of its own, as the history opens: the fixture's has every commit cached from writing them.
        let repository = try Repository.discover(startingAt: fixture.path)
        let range = try #require(try repository.resolveRange(nil, root: true))
        func carried(_ entries: [PendingEntry]) -> Int {
            entries.filter { if case .walked(let commit) = $0 { return commit.read != nil } else { return false } }.count
        }

        let stream = WalkStream(keptCommits: 5)
        try repository.walk(range, filter: .defaultContent(), options: WalkOptions(), into: stream)
        stream.finish(.success(nil))
        let all = stream.take(0..<40)
        #expect(all.count == 40)
        // Nothing was taken while the walk ran: at most the bound (and the tip, read before the walk began) carry one.
        #expect(carried(all) >= 5 && carried(all) <= 6)
        #expect(carried(stream.take(0..<40)) == 0)

        let unbounded = WalkStream(keptCommits: 100)
        try Repository.discover(startingAt: fixture.path).walk(range, filter: .defaultContent(), options: WalkOptions(), into: unbounded)
        unbounded.finish(.success(nil))
        #expect(carried(unbounded.take(0..<40)) == 40)
    }
}

/// The store holds the last version read of each page, the least recently used page out first.
@Suite struct HeldVersionsTests {
    static func key(_ n: UInt8) -> PageKey {
        PageKey(FileVersion(path: GitPath("content/x.md"), blob: ObjectID(hex: String(repeating: String(format: "%02x", n), count: 20)), kind: .file))
    }

    @Test func aPageKeepsItsLastVersionAndTheLeastRecentlyUsedPageGoesFirst() {
        var held = HeldVersions(capacity: 2)
        var evicted: [PageKey] = []
        let a = GitPath("a.md"), b = GitPath("b.md"), c = GitPath("c.md")
        #expect(held.insert(Self.key(1), path: a, evicting: &evicted))
        #expect(held.insert(Self.key(2), path: a, evicting: &evicted))
        // A page's newer version replaces its older one, whatever the room.
        #expect(evicted == [Self.key(1)] && !held.contains(Self.key(1)) && held.contains(Self.key(2)))
        #expect(held.insert(Self.key(3), path: b, evicting: &evicted))
        #expect(evicted.count == 1)
        // a.md used again: b.md is now the least recently used page and makes room for c.md.
        held.touch(Self.key(2))
        #expect(held.insert(Self.key(4), path: c, evicting: &evicted))
        #expect(evicted == [Self.key(1), Self.key(3)] && held.contains(Self.key(2)) && held.contains(Self.key(4)))
        // A version already held is not held twice; nothing is held without room.
        #expect(!held.insert(Self.key(2), path: a, evicting: &evicted))
        var none = HeldVersions(capacity: 0)
        #expect(!none.insert(Self.key(5), path: a, evicting: &evicted))
    }
}
