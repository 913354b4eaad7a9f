extension ProfileDocument {
    /// The page as profile-diff sees it, one short line per thing, for `profile-diff show`.
    ///
    /// Deterministic (golden tests compare it byte for byte): front matter keys in written order with
    /// commented-out ones marked, diagnostics, then sections indented by their depth in the tree with
    /// line ranges, each block as one line, and its links, images and quote attribution below it.
    public func outline() -> String {
        var lines: [String] = []
        if let frontMatter {
            lines.append("front matter (\(frontMatter.format.rawValue), lines \(frontMatter.lines.start)-\(frontMatter.lines.end))")
            var keyed: [(line: Int, text: String)] = frontMatter.entries.map {
                (line: $0.line, text: "  \($0.key): \($0.value.displayText)")
            }
            keyed += frontMatter.hiddenEntries.map {
                (line: $0.line, text: "  # \($0.key): \($0.value.displayText)  [hidden]")
            }
            lines += keyed.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element.text)
        }
        for diagnostic in diagnostics {
            let place = diagnostic.line.map { " (line \($0))" } ?? ""
            lines.append("\(diagnostic.severity.rawValue)\(place): \(diagnostic.message)")
        }
        var depths: [Int] = []
        depths.reserveCapacity(sections.count)
        for section in sections {
            // Parents always come earlier, so one pass gives every depth without recursion.
            let depth = section.parent.map { $0 < depths.count ? depths[$0] + 1 : 0 } ?? 0
            depths.append(depth)
            let indent = String(repeating: "  ", count: depth)
            let hidden = section.isHidden ? "  [hidden]" : ""
            let range = "lines \(section.lines.start)-\(section.lines.end)"
            if section.isIntro {
                lines.append("(intro)  [\(range)]")
            } else {
                lines.append("\(indent)\(String(repeating: "#", count: section.level)) \(section.title)  [\(range)] #\(section.slug)\(hidden)")
            }
            for block in section.blocks {
                Self.outline(block, indent: indent + "  ", into: &lines)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func outline(_ block: Block, indent: String, into lines: inout [String]) {
        let hidden = block.isHidden ? "  [hidden]" : ""
        let range = block.lines.start == block.lines.end ? "line \(block.lines.start)" : "lines \(block.lines.start)-\(block.lines.end)"
        switch block.kind {
        case .paragraph:
            lines.append("\(indent)paragraph [\(range)]: \(excerpt(block.text))\(hidden)")
        case .list:
            lines.append("\(indent)list [\(range)] \(block.items.count) item\(block.items.count == 1 ? "" : "s")\(hidden)")
            for item in block.items {
                let itemIndent = indent + "  " + String(repeating: "  ", count: item.depth)
                let task = item.isChecked.map { $0 ? "[x] " : "[ ] " } ?? ""
                lines.append("\(itemIndent)- \(task)\(excerpt(item.text))\(item.isHidden && !block.isHidden ? "  [hidden]" : "")")
                for link in item.links { lines.append("\(itemIndent)    \(describe(link))") }
                for image in item.images { lines.append("\(itemIndent)    \(describe(image))") }
            }
        case .quote:
            lines.append("\(indent)quote [\(range)]: \(excerpt(block.text))\(hidden)")
            if let attribution = block.attribution { lines.append("\(indent)  — \(attribution)") }
        case .code:
            let language = block.language.map { " (\($0))" } ?? ""
            lines.append("\(indent)code\(language) [\(range)]: \(excerpt(block.text))\(hidden)")
        case .table:
            let columns = block.rows.first?.count ?? 0
            lines.append("\(indent)table [\(range)] \(block.rows.count) rows × \(columns) columns: \(excerpt(block.rows.first?.joined(separator: " | ") ?? ""))\(hidden)")
        case .html:
            lines.append("\(indent)html [\(range)]: \(excerpt(block.text))\(hidden)")
        case .thematicBreak:
            lines.append("\(indent)thematic break [\(range)]\(hidden)")
        }
        // List items already showed their own links and images.
        guard block.kind != .list else { return }
        for link in block.links { lines.append("\(indent)  \(describe(link))") }
        for image in block.images { lines.append("\(indent)  \(describe(image))") }
    }

    private static func describe(_ link: Link) -> String {
        let origin = link.origin == .markdown ? "" : " (\(link.origin.rawValue))"
        return "→ \"\(excerpt(link.text))\" \(link.destination)\(origin)"
    }

    private static func describe(_ image: Image) -> String {
        let origin = image.origin == .markdown ? "" : " (\(image.origin.rawValue))"
        return "image \"\(excerpt(image.alt))\" \(image.source)\(origin)"
    }

    /// The first 60 characters on one line, whitespace runs folded.
    private static func excerpt(_ text: String, limit: Int = 60) -> String {
        var out = ""
        var count = 0
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.unicodeScalars.append(" ")
                count += 1
                pendingSpace = false
            }
            if count >= limit {
                out += "…"
                break
            }
            out.unicodeScalars.append(scalar)
            count += 1
        }
        return out
    }
}
