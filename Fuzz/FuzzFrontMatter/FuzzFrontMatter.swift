import FuzzChecks
import ProfileDocument

/// Front matter splitting and parsing. The first input byte picks the delimiter the file opens with
/// (`---` YAML, `+++` TOML, `{` JSON) and whether a closing delimiter and a body are appended, so the
/// fuzzer spends its time inside the YAML, TOML and JSON parsers rather than rediscovering `---\n`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = inputBytes(data, size)
    guard let selector = raw.first else { return 0 }
    let content = raw.dropFirst()
    var bytes: [UInt8] = []
    let expected: FrontMatter.Format?
    switch selector % 4 {
    case 0: bytes = Array("---\n".utf8); expected = .yaml
    case 1: bytes = Array("+++\n".utf8); expected = .toml
    case 2: bytes = Array("{".utf8); expected = .json
    default: bytes = []; expected = nil
    }
    bytes += content
    if selector & 0x04 != 0, let format = expected {
        switch format {
        case .yaml: bytes += Array("\n---\n".utf8)
        case .toml: bytes += Array("\n+++\n".utf8)
        case .json: bytes += Array("\n}\n".utf8)
        }
        if selector & 0x08 != 0 { bytes += Array("# Title\n\nBody text.\n".utf8) }
    }
    // Tight limits now and then, so the node, depth and size caps are exercised on small inputs too.
    let options = selector & 0x10 != 0
        ? ProfileDocument.ParseOptions(maxFrontMatterNodes: 50, maxFrontMatterDepth: 4, maxFrontMatterBytes: 512, maxKeptNesting: 3)
        : ProfileDocument.ParseOptions()
    let document = ProfileDocument.parse(bytes, options: options)
    DocumentInvariants.check(document, lineCount: lineCount(bytes))
    if let frontMatter = document.frontMatter, let expected {
        require(frontMatter.format == expected, "front matter read as \(frontMatter.format), the file opens as \(expected)")
    }
    if expected == nil, let first = bytes.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "+"), first != UInt8(ascii: "{"),
       first != 0xEF {
        require(document.frontMatter == nil, "front matter found in a file that opens with byte \(first)")
    }
    return 0
}
