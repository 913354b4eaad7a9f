import ProfileDocument

/// Stops the fuzzer on a broken property with a message libFuzzer prints beside the crashing input.
@inline(__always)
public func require(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError("fuzz property violated: " + message(), file: file, line: line) }
}

/// The input as the fuzzer hands it over, copied once so every target starts from a Swift array.
public func inputBytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// Line count as profile-diff counts lines: `\n`, `\r\n` and a lone `\r` each end a line, a break at the very
/// end opens no new line, an empty file has one line, and a leading BOM is not part of the text.
/// Written independently of `SourceText` so the check does not agree with the parser by construction.
public func lineCount(_ raw: [UInt8]) -> Int {
    var bytes = raw[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    var lines = 1
    var i = bytes.startIndex
    while i < bytes.endIndex {
        let byte = bytes[i]
        var breakEnd: Int?
        if byte == 0x0A {
            breakEnd = i + 1
        } else if byte == 0x0D {
            breakEnd = (i + 1 < bytes.endIndex && bytes[i + 1] == 0x0A) ? i + 2 : i + 1
        }
        if let end = breakEnd {
            if end < bytes.endIndex { lines += 1 }
            i = end
        } else {
            i += 1
        }
    }
    return lines
}

/// Properties every parsed document must have, whatever the input.
public enum DocumentInvariants {
    public static func check(_ document: ProfileDocument, lineCount lines: Int) {
        let valid = 1...lines
        require(!document.sections.isEmpty, "a document always has its intro section")
        require(document.sections.first?.level == 0, "the first section is the intro (level 0)")
        for (index, section) in document.sections.enumerated() {
            require(valid.contains(section.lines.start) && valid.contains(section.lines.end),
                    "section \(index) '\(section.title)' lines \(section.lines.start)-\(section.lines.end) outside 1-\(lines)")
            require(section.lines.start <= section.lines.end, "section \(index) line range is reversed")
            require((0...6).contains(section.level), "section \(index) has level \(section.level)")
            if index > 0 { require(section.level > 0, "only the first section is the intro (section \(index) has level 0)") }
            if let parent = section.parent {
                require(parent >= 0 && parent < index, "section \(index) has parent \(parent), not an earlier section")
                require(document.sections[parent].level < section.level,
                        "section \(index) (level \(section.level)) sits under section \(parent) of level \(document.sections[parent].level)")
            }
            for (b, block) in section.blocks.enumerated() {
                require(valid.contains(block.lines.start) && valid.contains(block.lines.end),
                        "section \(index) block \(b) (\(block.kind)) lines \(block.lines.start)-\(block.lines.end) outside 1-\(lines)")
                for item in block.items {
                    require(valid.contains(item.line), "list item line \(item.line) outside 1-\(lines)")
                    require(item.depth >= 0, "list item depth \(item.depth)")
                }
                for link in block.links { require(valid.contains(link.line), "link line \(link.line) outside 1-\(lines)") }
                for image in block.images { require(valid.contains(image.line), "image line \(image.line) outside 1-\(lines)") }
            }
            _ = document.path(of: index)
        }
        var slugs = Set<String>()
        for section in document.sections where !section.isIntro {
            require(slugs.insert(section.slug).inserted, "slug '\(section.slug)' is not unique")
        }
        if let frontMatter = document.frontMatter {
            require(frontMatter.lines.start == 1, "front matter starts on line \(frontMatter.lines.start), not 1")
            require(valid.contains(frontMatter.lines.end), "front matter ends on line \(frontMatter.lines.end), outside 1-\(lines)")
            for entry in frontMatter.entries + frontMatter.hiddenEntries {
                require(valid.contains(entry.line), "front matter key '\(entry.key)' on line \(entry.line), outside 1-\(lines)")
                _ = entry.value.displayText
            }
        }
        for diagnostic in document.diagnostics {
            require(!diagnostic.message.isEmpty, "empty diagnostic message")
            if let line = diagnostic.line { require(valid.contains(line), "diagnostic '\(diagnostic.message)' on line \(line), outside 1-\(lines)") }
        }
        require(!document.outline().isEmpty, "outline() is empty")
    }
}
