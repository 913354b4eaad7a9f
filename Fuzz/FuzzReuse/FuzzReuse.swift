import FuzzChecks
import ProfileDocument

/// Two revisions of a page in one input, split at the first 0xFF byte (as for FuzzDiff), and a third made from the
/// first by splicing in the start of the second at a place the input chooses: a parse that reuses the sections of
/// a neighbouring revision must equal a full parse, both ways.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let cut = bytes.firstIndex(of: 0xFF) ?? bytes.count / 2
    let old = Array(bytes[..<cut])
    let new = Array(bytes[min(cut + 1, bytes.count)...])
    // A small edit of `old`: bytes [at, at + removed) replaced by up to 64 bytes of `new`.
    var edited = old
    if let first = new.first, let second = new.dropFirst().first {
        let at = old.isEmpty ? 0 : Int(first) * old.count / 256
        let removed = min(Int(second) % 32, old.count - at)
        edited.replaceSubrange(at..<at + removed, with: new.dropFirst(2).prefix(64))
    }
    for (from, to) in [(old, new), (new, old), (old, edited), (edited, old)] {
        let reused = ProfileDocument.parse(to, reusing: ProfileDocument.parse(from, reusing: nil))
        require(reused.document == ProfileDocument.parse(to), "a parse reusing a neighbour's sections differs from a full parse")
    }
    return 0
}
