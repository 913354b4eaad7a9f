import FuzzChecks
import ProfileDiff
import ProfileDocument

/// Two revisions of a page in one input, split at the first 0xFF byte (a byte valid UTF-8 never contains),
/// or in half when there is none. Comparing never crashes, a page compared with itself shows no change,
/// and every change says something.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let cut = bytes.firstIndex(of: 0xFF)
    let oldBytes = Array(bytes[..<(cut ?? bytes.count / 2)])
    let newBytes = Array(bytes[((cut.map { $0 + 1 }) ?? bytes.count / 2)...])
    let old = ProfileDocument.parse(oldBytes)
    let new = ProfileDocument.parse(newBytes)

    for (label, changes) in [("old → new", DocumentDiff.compare(old, new)), ("new → old", DocumentDiff.compare(new, old))] {
        for change in changes {
            require(!change.summary.trimmingWhitespace.isEmpty, "\(label): \(change.kind.rawValue) change with an empty summary")
        }
    }
    let same = DocumentDiff.compare(old, old)
    require(same.isEmpty, "a page compared with itself shows \(same.count) changes: \(same.map(\.summary))")
    let sameAgain = DocumentDiff.compare(new, ProfileDocument.parse(newBytes))
    require(sameAgain.isEmpty, "two parses of the same bytes differ: \(sameAgain.map(\.summary))")

    let added = DocumentDiff.compare(nil, new)
    require(added.contains { $0.kind == .pageAdded }, "a page compared with nothing is not reported as added")
    let deleted = DocumentDiff.compare(old, nil)
    require(deleted.contains { $0.kind == .pageDeleted }, "nothing compared with a page is not reported as deleted")
    for change in added + deleted {
        require(!change.summary.trimmingWhitespace.isEmpty, "\(change.kind.rawValue) change with an empty summary")
    }
    _ = DocumentDiff.compare(pages: [PagePair(path: "a.md", old: old, new: new), PagePair(path: "b.md", old: new, new: old)])
    return 0
}

extension String {
    fileprivate var trimmingWhitespace: Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return Substring(scalars[first...last])
    }
}
