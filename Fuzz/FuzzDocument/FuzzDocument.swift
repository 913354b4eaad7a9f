import FuzzChecks
import ProfileDocument

/// Any bytes as one revision of a page: parsing never crashes or hangs, and every line number it reports
/// is a line of the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let document = ProfileDocument.parse(bytes)
    DocumentInvariants.check(document, lineCount: lineCount(bytes))
    return 0
}
