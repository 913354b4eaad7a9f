import CMD4C

/// Bytes collected from md4c's text callbacks, remembering where each piece sat in the source,
/// so that a range of collected bytes (a comment's inside) can be found again in the source.
struct SourceMappedBytes {
    var bytes: [UInt8] = []
    /// (offset in `bytes`, offset in the source, length) for every piece that pointed into the source.
    private var segments: [(local: Int, source: Int, length: Int)] = []

    mutating func append(_ piece: UnsafeBufferPointer<UInt8>, sourceOffset: Int?) {
        if let sourceOffset, piece.count > 0 {
            segments.append((local: bytes.count, source: sourceOffset, length: piece.count))
        }
        bytes.append(contentsOf: piece)
    }

    mutating func appendByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Source offset of local byte `local`; a byte not from the source maps to the next source byte.
    func sourceOffset(of local: Int) -> Int? {
        // Segments are in increasing local order: binary search the last segment starting at or before `local`.
        var low = 0
        var high = segments.count - 1
        var found: Int?
        while low <= high {
            let mid = (low + high) / 2
            if segments[mid].local <= local {
                found = mid
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        if let found, local < segments[found].local + segments[found].length {
            return segments[found].source + (local - segments[found].local)
        }
        let next = (found ?? -1) + 1
        return next < segments.count ? segments[next].source : nil
    }

    /// The source range holding local bytes `range` (`nil` when none of them came from the source).
    /// Bytes md4c made up (line breaks between pieces) are not in the source: the range ends after
    /// the last byte that is, so it never takes in a byte beyond `range`.
    func sourceRange(of range: Range<Int>) -> Range<Int>? {
        guard let start = sourceOffset(of: range.lowerBound) else { return nil }
        var end = start
        // The last segment starting before the range's end.
        var low = 0
        var high = segments.count - 1
        var found: Int?
        while low <= high {
            let mid = (low + high) / 2
            if segments[mid].local < range.upperBound {
                found = mid
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        if let found {
            let segment = segments[found]
            end = segment.source + min(range.upperBound - segment.local, segment.length)
        }
        return start..<max(start, end)
    }
}

/// Builds sections and blocks from md4c's callbacks.
///
/// md4c reports a tree as a flat sequence of enter/leave events; this keeps an explicit stack of open blocks
/// and folds everything below a top-level block into that one `Block`, so no part of it recurses on the input.
///
/// Stored properties are `@exclusivity(unchecked)`: the run-time exclusivity checks on them (swift_beginAccess on
/// every read and write, several per md4c callback) were an eighth of all parse instructions. A builder lives on one
/// thread inside one `md_parse` call tree, and no method keeps a property under mutation across a call that could
/// reach it again (the comment pass runs from `flushComments` with no access open); the module's tests, the
/// pathological ones included, passed with the checks on before they were turned off.
final class BodyBuilder {
    private let source: SourceText
    private let options: ProfileDocument.ParseOptions
    /// Address of md4c's input (a copy of the range being parsed) during `md_parse`, to turn its text pointers into offsets.
    @exclusivity(unchecked) private var baseAddress = 0
    @exclusivity(unchecked) private var sourceCount = 0
    /// Offset in the source of the range md4c is parsing (its input is a copy of that range).
    @exclusivity(unchecked) private var inputStart = 0

    @exclusivity(unchecked) private(set) var sections: [Section]
    @exclusivity(unchecked) private var nesting = SectionNesting()
    @exclusivity(unchecked) private var slugs = SlugSet()
    @exclusivity(unchecked) private(set) var diagnostics: [Diagnostic] = []

    /// True while parsing the inside of an HTML comment.
    @exclusivity(unchecked) private var isHiddenPass = false
    @exclusivity(unchecked) private var frames: [MD_BLOCKTYPE] = []
    @exclusivity(unchecked) private var block: PendingBlock?
    @exclusivity(unchecked) private var heading: PendingHeading?
    @exclusivity(unchecked) private var entities: [OpenEntity] = []
    /// Entities nested deeper than this are not tracked (md4c allows `![![![...]]]` thousands deep).
    private let maxOpenEntities = 8
    @exclusivity(unchecked) private var untrackedEntityDepth = 0
    /// Consecutive raw inline HTML pieces (a tag can span lines and arrive in pieces).
    @exclusivity(unchecked) private var inlineHTML = SourceMappedBytes()
    /// Insides of comments met in the current top-level block, parsed once it closes.
    @exclusivity(unchecked) private var pendingComments: [Range<Int>] = []
    /// End of the last source text seen: the fallback position of blocks with no text of their own.
    @exclusivity(unchecked) private var lastTextEnd = 0
    @exclusivity(unchecked) private var bodyStart = 0
    /// Where the builder has looked ahead of md4c so far: every byte it read for a block's position lies before this
    /// offset (`Int.max` once such a look depended on where the text ends). A block without text of its own is placed
    /// by scanning the lines after the last text, up to 64 of them, possibly past later headings.
    @exclusivity(unchecked) private(set) var horizon = 0
    /// For each section (the intro first), what a later parse needs to know to start again at its heading.
    @exclusivity(unchecked) private(set) var headingTraces: [HeadingTrace] = [HeadingTrace(horizon: 0, anchored: false)]
    @exclusivity(unchecked) private var reportedFoldedLists = false
    @exclusivity(unchecked) private var reportedDeepQuotes = false

    init(source: SourceText, options: ProfileDocument.ParseOptions, bodyStart: Int, introLine: Int) {
        self.source = source
        self.options = options
        self.bodyStart = bodyStart
        self.lastTextEnd = bodyStart
        sections = [Section(level: 0, title: "", slug: "", lines: LineRange(start: introLine, end: introLine))]
    }

    /// A builder in the state a full parse is in when md4c enters the top-level heading at `offset`, given the
    /// sections before it (see `ProfileDocument.parse(_:reusing:)` for when that state is exact).
    ///
    /// `lastTextEnd` is the heading's line start, not the end of the text before it: only a heading with text anchors
    /// a reuse, and its text resets `lastTextEnd` before anything reads it. `traces` and `horizon` are the earlier
    /// version's up to that heading, the same in both versions since everything read before it is shared.
    init(source: SourceText, options: ProfileDocument.ParseOptions, bodyStart: Int, resuming before: [Section], at offset: Int,
         traces: [HeadingTrace], horizon: Int) {
        self.source = source
        self.options = options
        self.bodyStart = bodyStart
        self.lastTextEnd = offset
        self.horizon = horizon
        headingTraces = traces
        sections = before
        for (index, section) in before.enumerated() where index > 0 {
            _ = nesting.parent(level: section.level, index: index)
            slugs.take(section.slug)
        }
    }

    // MARK: Running md4c

    /// `MD_DIALECT_GITHUB` (a macro Swift cannot import): permissive autolinks, tables, strikethrough, task lists.
    /// Raw HTML stays on: hidden content and `<a href>` links depend on it.
    static let githubDialect = UInt32(MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_PERMISSIVEEMAILAUTOLINKS
        | MD_FLAG_PERMISSIVEWWWAUTOLINKS | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS)

    /// Parses `range` of the source; `hidden` marks everything found as inside a comment.
    func parse(_ range: Range<Int>, hidden: Bool) {
        guard range.upperBound <= source.bytes.count, !range.isEmpty else { return }
        guard range.count <= Int(UInt32.max) else {
            diagnostics.append(Diagnostic(severity: .error, message: "body: larger than 4 GiB; not parsed"))
            return
        }
        let wasHidden = isHiddenPass
        isHiddenPass = hidden
        defer { isHiddenPass = wasHidden }
        // The callbacks borrow the builder (`_withUnsafeGuaranteedRef`) instead of taking a +1 reference for every
        // event: `withExtendedLifetime(self)` around `md_parse` below already keeps it alive for the whole call.
        var parser = MD_PARSER(
            abi_version: 0,
            flags: BodyBuilder.githubDialect,
            enter_block: { type, detail, userdata in
                guard let userdata else { return 1 }
                Unmanaged<BodyBuilder>.fromOpaque(userdata)._withUnsafeGuaranteedRef { $0.enterBlock(type, detail) }
                return 0
            },
            leave_block: { type, detail, userdata in
                guard let userdata else { return 1 }
                Unmanaged<BodyBuilder>.fromOpaque(userdata)._withUnsafeGuaranteedRef { $0.leaveBlock(type, detail) }
                return 0
            },
            enter_span: { type, detail, userdata in
                guard let userdata else { return 1 }
                Unmanaged<BodyBuilder>.fromOpaque(userdata)._withUnsafeGuaranteedRef { $0.enterSpan(type, detail) }
                return 0
            },
            leave_span: { type, detail, userdata in
                guard let userdata else { return 1 }
                Unmanaged<BodyBuilder>.fromOpaque(userdata)._withUnsafeGuaranteedRef { $0.leaveSpan(type, detail) }
                return 0
            },
            text: { type, text, size, userdata in
                guard let userdata, let text else { return 1 }
                Unmanaged<BodyBuilder>.fromOpaque(userdata)._withUnsafeGuaranteedRef { $0.text(type, text, Int(size)) }
                return 0
            },
            debug_log: nil,
            syntax: nil)
        // md4c 0.4.8 reads past the end of its input: on a link destination left open at the very end (`[x](htt`)
        // it scans on for the `)` through whatever memory follows, which crashed a fuzz run (and garbage there
        // becomes text). It stops at a NUL, so md4c parses a copy of the range with one NUL after it.
        var input = [UInt8]()
        input.reserveCapacity(range.count + 1)
        input.append(contentsOf: source.bytes[range])
        input.append(0)
        let result: Int32 = input.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            let outer = (baseAddress, sourceCount, inputStart)
            baseAddress = Int(bitPattern: base)
            sourceCount = range.count
            inputStart = range.lowerBound
            defer { (baseAddress, sourceCount, inputStart) = outer }
            let start = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            return withExtendedLifetime(self) {
                md_parse(start, MD_SIZE(range.count), &parser, Unmanaged.passUnretained(self).toOpaque())
            }
        }
        if result != 0 {
            diagnostics.append(Diagnostic(severity: .error, message: "body: markdown parser stopped early (code \(result)); content after that point is missing",
                                          line: source.line(at: range.lowerBound)))
        }
    }

    /// Closes the last section's line range and returns the sections.
    func finish(totalLines: Int) -> [Section] {
        Self.closeLineRanges(&sections, totalLines: totalLines)
        return sections
    }

    /// A section runs from its heading to the line before the next one (the last one to the end of the file).
    static func closeLineRanges(_ sections: inout [Section], totalLines: Int) {
        for index in sections.indices {
            let start = sections[index].lines.start
            let next = index + 1 < sections.count ? sections[index + 1].lines.start - 1 : totalLines
            if sections[index].lines.end != max(start, next) { sections[index].lines = LineRange(start: start, end: max(start, next)) }
        }
    }

    // MARK: Positions

    private func offset(of pointer: UnsafePointer<CChar>, size: Int) -> Int? {
        let local = Int(bitPattern: pointer) - baseAddress
        guard local >= 0, local + size <= sourceCount else { return nil }
        return inputStart + local
    }

    /// Where a block without text of its own starts: the first non-blank line after the last text seen
    /// (for a thematic break, the first line that looks like one).
    private func fallbackLine(thematicBreak: Bool = false) -> Int {
        var line = source.line(at: max(lastTextEnd - 1, bodyStart))
        if lastTextEnd > bodyStart { line += 1 }
        var checked = 0
        while line < source.lineCount, checked < 64,
              source.isBlankLine(line) || (thematicBreak && !isThematicBreakLine(line)) {
            line += 1
            checked += 1
        }
        lookedAhead(through: line)
        return min(line, source.lineCount)
    }

    private func isThematicBreakLine(_ line: Int) -> Bool {
        var marker: UInt8?
        var count = 0
        for index in source.lineRange(line) {
            let byte = source.bytes[index]
            if byte == 0x20 || byte == 0x09 { continue }
            guard byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_"), marker == nil || marker == byte else {
                return false
            }
            marker = byte
            count += 1
        }
        return count >= 3
    }

    /// Moves past the closing fence of a fenced code block, which md4c reports no text for.
    private func skipClosingFence(_ fence: UInt8) {
        var line = source.line(at: max(lastTextEnd - 1, bodyStart)) + 1
        var checked = 0
        defer { lookedAhead(through: line) }
        while line <= source.lineCount, checked < 4 {
            let range = source.lineRange(line)
            if let first = range.first(where: { source.bytes[$0] != 0x20 }), source.bytes[first] == fence {
                lastTextEnd = max(lastTextEnd, range.upperBound)
                return
            }
            line += 1
            checked += 1
        }
    }

    /// Records that lines up to `line` (1-based) were read, break included; the last line or beyond it means
    /// the answer depended on where the text ends.
    private func lookedAhead(through line: Int) {
        horizon = max(horizon, line < source.lineCount ? source.lineStarts[line] : Int.max)
    }

    private func lineRange(first: Int?, end: Int?, thematicBreak: Bool = false) -> LineRange {
        guard let first, let end else {
            let line = fallbackLine(thematicBreak: thematicBreak)
            // The next block without text starts looking after this one.
            lastTextEnd = max(lastTextEnd, source.lineRange(line).upperBound)
            return LineRange(start: line, end: line)
        }
        return LineRange(start: source.line(at: first), end: source.line(at: max(first, end - 1)))
    }

    // MARK: Blocks

    private var isTopLevel: Bool { frames.last == MD_BLOCK_DOC }

    private func enterBlock(_ type: MD_BLOCKTYPE, _ detail: UnsafeMutableRawPointer?) {
        flushInlineHTML()
        defer { frames.append(type) }
        if type == MD_BLOCK_DOC { return }
        if isTopLevel {
            switch type {
            case MD_BLOCK_H:
                let level = detail.map { Int($0.assumingMemoryBound(to: MD_BLOCK_H_DETAIL.self).pointee.level) } ?? 1
                heading = PendingHeading(level: min(max(level, 1), 6), horizon: horizon)
                return
            case MD_BLOCK_UL, MD_BLOCK_OL: block = PendingBlock(kind: .list)
            case MD_BLOCK_QUOTE: block = PendingBlock(kind: .quote)
            case MD_BLOCK_CODE:
                block = PendingBlock(kind: .code)
                if let detail {
                    let code = detail.assumingMemoryBound(to: MD_BLOCK_CODE_DETAIL.self).pointee
                    let language = attributeText(code.lang)
                    if code.fence_char != 0 { block?.fence = UInt8(bitPattern: code.fence_char) }
                    block?.language = language.isEmpty ? nil : language
                }
            case MD_BLOCK_HTML: block = PendingBlock(kind: .html)
            case MD_BLOCK_HR: block = PendingBlock(kind: .thematicBreak)
            case MD_BLOCK_TABLE: block = PendingBlock(kind: .table)
            default: block = PendingBlock(kind: .paragraph)
            }
        }
        guard let current = block else { return }
        switch type {
        case MD_BLOCK_UL, MD_BLOCK_OL:
            current.listDepth += 1
            if current.kind == .quote { current.quoteListIDs.append(current.nextQuoteListID); current.nextQuoteListID += 1 }
        case MD_BLOCK_LI:
            var checked: Bool?
            if let detail {
                let item = detail.assumingMemoryBound(to: MD_BLOCK_LI_DETAIL.self).pointee
                if item.is_task != 0 { checked = item.task_mark != CChar(UInt8(ascii: " ")) }
            }
            if current.kind == .list {
                let depth = max(current.listDepth - 1, 0)
                if depth >= options.maxKeptNesting, let parent = current.itemStack.last {
                    // Too deep to keep as structure: fold into the deepest kept item.
                    current.itemStack.append(parent)
                    current.items[parent].appendSeparator()
                    if !reportedFoldedLists {
                        reportedFoldedLists = true
                        diagnostics.append(Diagnostic(message: "body: lists nested deeper than \(options.maxKeptNesting) levels are folded into their parent item",
                                                      line: source.line(at: lastTextEnd)))
                    }
                } else {
                    current.items.append(PendingItem(depth: depth, isChecked: checked))
                    current.itemStack.append(current.items.count - 1)
                }
            } else if current.kind == .quote {
                current.beginQuotePart(listID: current.quoteListIDs.last)
            } else {
                current.appendSeparator()
            }
        case MD_BLOCK_QUOTE:
            current.quoteDepth += 1
            if current.quoteDepth > options.maxKeptNesting, !reportedDeepQuotes {
                reportedDeepQuotes = true
                diagnostics.append(Diagnostic(message: "body: block quotes nested deeper than \(options.maxKeptNesting) levels are read as one quote",
                                              line: source.line(at: lastTextEnd)))
            }
        case MD_BLOCK_P, MD_BLOCK_H, MD_BLOCK_CODE, MD_BLOCK_HTML:
            if current.kind == .quote {
                current.beginQuotePart(listID: nil)
            } else {
                current.appendSeparator()
            }
        case MD_BLOCK_TR:
            if current.kind == .table { current.rows.append([]) } else { current.appendSeparator() }
        case MD_BLOCK_TH, MD_BLOCK_TD:
            if current.kind == .table {
                current.cell.removeAll(keepingCapacity: true)
            } else {
                current.appendSpace()
            }
        default:
            break
        }
    }

    private func leaveBlock(_ type: MD_BLOCKTYPE, _ detail: UnsafeMutableRawPointer?) {
        flushInlineHTML()
        _ = frames.popLast()
        if type == MD_BLOCK_DOC { return }
        if type == MD_BLOCK_H, isTopLevel, heading != nil {
            finishHeading()
            flushComments()
            return
        }
        if let current = block {
            switch type {
            case MD_BLOCK_UL, MD_BLOCK_OL:
                current.listDepth -= 1
                if current.kind == .quote { _ = current.quoteListIDs.popLast() }
            case MD_BLOCK_LI:
                if current.kind == .list { _ = current.itemStack.popLast() }
            case MD_BLOCK_QUOTE:
                current.quoteDepth -= 1
            case MD_BLOCK_TH, MD_BLOCK_TD:
                if current.kind == .table, !current.rows.isEmpty {
                    current.rows[current.rows.count - 1].append(plainText(current.cell))
                }
            case MD_BLOCK_HTML:
                if !isTopLevel {
                    // An HTML block inside a list or quote: read it like inline HTML.
                    let raw = current.nestedHTML
                    current.nestedHTML = SourceMappedBytes()
                    processHTML(raw)
                }
            default:
                break
            }
        }
        if isTopLevel {
            finishBlock()
            flushComments()
        }
    }

    private func finishHeading() {
        guard let pending = heading else { return }
        heading = nil
        // Links in a heading are part of its title only; an unclosed `<a>` must not run into the next block.
        entities.removeAll()
        untrackedEntityDepth = 0
        let title = plainText(pending.text)
        let line = pending.firstOffset.map { source.line(at: $0) } ?? lineRange(first: nil, end: nil).start
        let parent = nesting.parent(level: pending.level, index: sections.count)
        sections.append(Section(level: pending.level, title: title, slug: slugs.unique(Slug.make(title)), parent: parent,
                                isHidden: isHiddenPass, lines: LineRange(start: line, end: line)))
        headingTraces.append(HeadingTrace(horizon: pending.horizon, anchored: pending.firstOffset != nil))
    }

    private func finishBlock() {
        while let entity = entities.popLast() { emit(entity) }
        untrackedEntityDepth = 0
        guard let pending = block else { return }
        block = nil
        let lines = lineRange(first: pending.firstOffset, end: pending.lastOffset, thematicBreak: pending.kind == .thematicBreak)
        if let fence = pending.fence { skipClosingFence(fence) }
        var made: Block?
        switch pending.kind {
        case .paragraph:
            made = Block(kind: .paragraph, text: plainText(pending.text.bytes), lines: lines, isHidden: isHiddenPass,
                         links: pending.links, images: pending.images)
        case .list:
            let items = pending.items.map { item in
                ListItem(text: plainText(item.text), depth: item.depth, isChecked: item.isChecked, isHidden: isHiddenPass,
                         line: item.firstOffset.map { source.line(at: $0) } ?? lines.start, links: item.links, images: item.images)
            }
            made = Block(kind: .list, text: items.map(\.text).joined(separator: "\n"), key: ComparisonKey.listKey(items),
                         lines: lines, isHidden: isHiddenPass, items: items, links: pending.links, images: pending.images)
        case .quote:
            let (text, attribution) = QuoteAttribution.split(pending.quoteParts)
            made = Block(kind: .quote, text: text, lines: lines, isHidden: isHiddenPass, attribution: attribution,
                         links: pending.links, images: pending.images)
        case .code:
            var bytes = pending.text.bytes
            if bytes.last == 0x0A { bytes.removeLast() }
            made = Block(kind: .code, text: String(decoding: bytes, as: UTF8.self), lines: lines, isHidden: isHiddenPass,
                         language: pending.language)
        case .html:
            made = htmlBlock(pending, lines: lines)
        case .table:
            made = Block(kind: .table, text: pending.rows.map { $0.joined(separator: " | ") }.joined(separator: "\n"), lines: lines,
                         isHidden: isHiddenPass, rows: pending.rows, links: pending.links, images: pending.images)
        case .thematicBreak:
            made = Block(kind: .thematicBreak, text: "", lines: lines, isHidden: isHiddenPass)
        }
        if let made {
            sections[sections.count - 1].blocks.append(made)
        }
    }

    /// A top-level HTML block: comments go to the hidden pass, the rest stays an HTML block with its links and images.
    private func htmlBlock(_ pending: PendingBlock, lines: LineRange) -> Block? {
        var raw = pending.text.bytes
        if raw.last == 0x0A { raw.removeLast() }
        var links: [Link] = []
        var images: [Image] = []
        var visible: [UInt8] = []
        var visibleLines: (first: Int, last: Int)?
        let mapped = pending.text
        raw.withUnsafeBufferPointer { buffer in
            HTMLScanner.scan(buffer) { event in
                switch event {
                case .comment(let inner, let whole):
                    if isHiddenPass {
                        visible.append(contentsOf: buffer[whole])
                    } else if let range = mapped.sourceRange(of: inner) {
                        queueComment(range)
                    }
                case .text(let range):
                    visible.append(contentsOf: buffer[range])
                    if buffer[range].contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }) {
                        noteVisible(range, &visibleLines, mapped)
                    }
                case .tag(let tag, let whole):
                    visible.append(contentsOf: buffer[whole])
                    noteVisible(whole, &visibleLines, mapped)
                    let line = mapped.sourceOffset(of: whole.lowerBound).map { source.line(at: $0) } ?? lines.start
                    if tag.name == "img", !tag.isClosing, let src = tag["src"] {
                        images.append(Image(alt: tag["alt"] ?? "", source: src, title: tag["title"], origin: .html, line: line, isHidden: isHiddenPass))
                    } else if tag.name == "a", !tag.isClosing, let href = tag["href"] {
                        links.append(Link(text: "", destination: href, title: tag["title"], origin: .html, line: line, isHidden: isHiddenPass))
                    }
                }
            }
        }
        // Text of `<a>` links inside an HTML block: the visible text up to the matching `</a>`.
        fillHTMLBlockLinkTexts(&links, raw: raw)
        let trimmedVisible = trimASCIIWhitespace(visible)
        guard !trimmedVisible.isEmpty else { return nil }
        var blockLines = lines
        if let visibleLines {
            blockLines = LineRange(start: source.line(at: visibleLines.first), end: source.line(at: visibleLines.last))
        }
        return Block(kind: .html, text: String(decoding: trimmedVisible, as: UTF8.self), lines: blockLines, isHidden: isHiddenPass,
                     links: links, images: images)
    }

    private func noteVisible(_ range: Range<Int>, _ lines: inout (first: Int, last: Int)?, _ mapped: SourceMappedBytes) {
        guard let sourceRange = mapped.sourceRange(of: range), !sourceRange.isEmpty else { return }
        let first = lines.map { min($0.first, sourceRange.lowerBound) } ?? sourceRange.lowerBound
        let last = lines.map { max($0.last, sourceRange.upperBound - 1) } ?? (sourceRange.upperBound - 1)
        lines = (first, last)
    }

    private func fillHTMLBlockLinkTexts(_ links: inout [Link], raw: [UInt8]) {
        guard !links.isEmpty else { return }
        var texts: [String] = []
        var current: [UInt8]?
        raw.withUnsafeBufferPointer { buffer in
            HTMLScanner.scan(buffer) { event in
                switch event {
                case .tag(let tag, _) where tag.name == "a":
                    if tag.isClosing {
                        if let text = current { texts.append(plainText(text)) }
                        current = nil
                    } else if tag["href"] != nil {
                        if let text = current { texts.append(plainText(text)) }
                        current = []
                    }
                case .text(let range):
                    current?.append(contentsOf: buffer[range])
                default:
                    break
                }
            }
        }
        if let text = current { texts.append(plainText(text)) }
        for index in links.indices where index < texts.count {
            links[index].text = texts[index]
        }
    }

    /// Queues a comment's inside for the hidden pass. Hugo's summary divider `<!--more-->` is markup, not hidden prose.
    private func queueComment(_ range: Range<Int>) {
        let inside = trimASCIIWhitespace(Array(source.bytes[range]))
        if inside.isEmpty || inside.elementsEqual("more".utf8) { return }
        pendingComments.append(range)
    }

    /// Parses the insides of the comments of the block just closed, marked hidden (one level: not inside those).
    private func flushComments() {
        guard !isHiddenPass, !pendingComments.isEmpty else { return }
        let comments = pendingComments
        pendingComments.removeAll()
        let visibleEnd = lastTextEnd
        for range in comments {
            parse(range, hidden: true)
        }
        // A comment sits inside the block just closed: later blocks without text look after that block, not the comment.
        lastTextEnd = max(visibleEnd, lastTextEnd)
    }

    // MARK: Spans

    private func enterSpan(_ type: MD_SPANTYPE, _ detail: UnsafeMutableRawPointer?) {
        flushInlineHTML()
        guard type == MD_SPAN_A || type == MD_SPAN_IMG else { return }
        guard entities.count < maxOpenEntities else {
            untrackedEntityDepth += 1
            return
        }
        var entity = OpenEntity(kind: type == MD_SPAN_A ? .markdownLink : .markdownImage)
        if let detail {
            if type == MD_SPAN_A {
                let link = detail.assumingMemoryBound(to: MD_SPAN_A_DETAIL.self).pointee
                entity.destination = attributeText(link.href)
                let title = attributeText(link.title)
                entity.title = title.isEmpty ? nil : title
            } else {
                let image = detail.assumingMemoryBound(to: MD_SPAN_IMG_DETAIL.self).pointee
                entity.destination = attributeText(image.src)
                let title = attributeText(image.title)
                entity.title = title.isEmpty ? nil : title
            }
        }
        entities.append(entity)
    }

    private func leaveSpan(_ type: MD_SPANTYPE, _ detail: UnsafeMutableRawPointer?) {
        flushInlineHTML()
        guard type == MD_SPAN_A || type == MD_SPAN_IMG else { return }
        if untrackedEntityDepth > 0 {
            untrackedEntityDepth -= 1
            return
        }
        let wanted: OpenEntity.Kind = type == MD_SPAN_A ? .markdownLink : .markdownImage
        // HTML `<a>` opened inside and never closed ends here too.
        while let entity = entities.popLast() {
            emit(entity)
            if entity.kind == wanted { break }
        }
    }

    private func emit(_ entity: OpenEntity) {
        let line = source.line(at: entity.firstOffset ?? lastTextEnd)
        let text = plainText(entity.text)
        switch entity.kind {
        case .markdownLink, .htmlLink:
            var origin: Link.Origin = entity.kind == .htmlLink ? .html : .markdown
            if entity.kind == .markdownLink, let first = entity.firstOffset, Slug.looksLikeAutolink(text: text, destination: entity.destination) {
                let before = first > 0 ? source.bytes[first - 1] : 0
                if before == UInt8(ascii: "<") {
                    origin = .autolink
                } else if before != UInt8(ascii: "[") {
                    origin = .bareURL
                }
            }
            attach(link: Link(text: text, destination: entity.destination, title: entity.title, origin: origin, line: line, isHidden: isHiddenPass))
        case .markdownImage:
            attach(image: Image(alt: text, source: entity.destination, title: entity.title, origin: .markdown, line: line, isHidden: isHiddenPass))
        }
    }

    private func attach(link: Link) {
        guard heading == nil else { return }
        block?.attach(link: link)
    }

    private func attach(image: Image) {
        guard heading == nil else { return }
        block?.attach(image: image)
    }

    // MARK: Text

    private func text(_ type: MD_TEXTTYPE, _ pointer: UnsafePointer<CChar>, _ size: Int) {
        let sourceOffset = offset(of: pointer, size: size)
        let piece = UnsafeRawBufferPointer(start: pointer, count: size).bindMemory(to: UInt8.self)
        if type == MD_TEXT_HTML {
            if isInVerbatimHTMLBlock {
                appendVerbatim(piece, sourceOffset: sourceOffset)
            } else {
                inlineHTML.append(piece, sourceOffset: sourceOffset)
            }
            return
        }
        flushInlineHTML()
        switch type {
        case MD_TEXT_SOFTBR, MD_TEXT_BR:
            appendText(space, sourceOffset: nil, isSoftBreak: type == MD_TEXT_SOFTBR)
        case MD_TEXT_NULLCHAR:
            appendText(replacementCharacter, sourceOffset: sourceOffset)
        case MD_TEXT_ENTITY:
            let written = String(decoding: piece, as: UTF8.self)
            if let decoded = CharacterReference.decodeOne(Substring(written)) {
                var copy = decoded
                copy.withUTF8 { appendText($0, sourceOffset: sourceOffset) }
            } else {
                appendText(piece, sourceOffset: sourceOffset)
            }
        case MD_TEXT_CODE:
            if frames.last == MD_BLOCK_CODE {
                appendVerbatim(piece, sourceOffset: sourceOffset)
            } else if piece.count == 1, piece[0] == 0x0A {
                appendText(space, sourceOffset: nil)
            } else {
                appendText(piece, sourceOffset: sourceOffset)
            }
        default:
            appendText(piece, sourceOffset: sourceOffset)
        }
    }

    private var isInVerbatimHTMLBlock: Bool { frames.last == MD_BLOCK_HTML }

    private let space: UnsafeBufferPointer<UInt8> = {
        let pointer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1)
        pointer[0] = 0x20
        return UnsafeBufferPointer(pointer)
    }()

    private let replacementCharacter: UnsafeBufferPointer<UInt8> = {
        let pointer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 3)
        pointer[0] = 0xEF
        pointer[1] = 0xBF
        pointer[2] = 0xBD
        return UnsafeBufferPointer(pointer)
    }()

    deinit {
        UnsafeMutableBufferPointer(mutating: space).deallocate()
        UnsafeMutableBufferPointer(mutating: replacementCharacter).deallocate()
    }

    /// Code and HTML blocks keep their bytes exactly; nested ones also feed their container's text.
    private func appendVerbatim(_ piece: UnsafeBufferPointer<UInt8>, sourceOffset: Int?) {
        guard block != nil else { return }
        if isTopLevelLeaf {
            if let sourceOffset { block?.note(sourceOffset, count: piece.count); lastTextEnd = sourceOffset + piece.count }
            block?.text.append(piece, sourceOffset: sourceOffset)
        } else if frames.last == MD_BLOCK_HTML {
            if let sourceOffset { block?.note(sourceOffset, count: piece.count); lastTextEnd = sourceOffset + piece.count }
            block?.nestedHTML.append(piece, sourceOffset: sourceOffset)
        } else {
            appendText(piece, sourceOffset: sourceOffset)
        }
    }

    /// True when the innermost open block is a direct child of the document.
    private var isTopLevelLeaf: Bool { frames.count >= 2 && frames[frames.count - 2] == MD_BLOCK_DOC }

    private func appendText(_ piece: UnsafeBufferPointer<UInt8>, sourceOffset: Int?, isSoftBreak: Bool = false) {
        if let sourceOffset { lastTextEnd = sourceOffset + piece.count }
        for index in entities.indices {
            entities[index].text.append(contentsOf: piece)
            if let sourceOffset, entities[index].firstOffset == nil { entities[index].firstOffset = sourceOffset }
        }
        if heading != nil {
            heading?.text.append(contentsOf: piece)
            if let sourceOffset, heading?.firstOffset == nil { heading?.firstOffset = sourceOffset }
            return
        }
        guard block != nil else { return }
        if let sourceOffset { block?.note(sourceOffset, count: piece.count) }
        block?.appendText(piece, sourceOffset: sourceOffset, isSoftBreak: isSoftBreak)
    }

    // MARK: Inline HTML

    private func flushInlineHTML() {
        guard !inlineHTML.bytes.isEmpty else { return }
        let raw = inlineHTML
        inlineHTML = SourceMappedBytes()
        processHTML(raw)
    }

    /// Raw HTML inside text: `<a>` and `<img>` become entities, `<br>` a space, comments are queued
    /// for the hidden pass, other tags vanish from the text and text between tags stays.
    private func processHTML(_ raw: SourceMappedBytes) {
        raw.bytes.withUnsafeBufferPointer { buffer in
            HTMLScanner.scan(buffer) { event in
                switch event {
                case .comment(let inner, _):
                    if !isHiddenPass, let range = raw.sourceRange(of: inner) { queueComment(range) }
                case .text(let range):
                    appendText(UnsafeBufferPointer(rebasing: buffer[range]), sourceOffset: raw.sourceOffset(of: range.lowerBound))
                case .tag(let tag, let whole):
                    let sourceOffset = raw.sourceOffset(of: whole.lowerBound)
                    if let sourceOffset { block?.note(sourceOffset, count: whole.count) }
                    handle(tag, sourceOffset: sourceOffset)
                }
            }
        }
    }

    private func handle(_ tag: HTMLTag, sourceOffset: Int?) {
        switch (tag.name, tag.isClosing) {
        case ("a", false):
            guard let href = tag["href"] else { return }
            guard entities.count < maxOpenEntities else { return }
            var entity = OpenEntity(kind: .htmlLink)
            entity.destination = href
            entity.title = tag["title"]
            entities.append(entity)
        case ("a", true):
            if let index = entities.lastIndex(where: { $0.kind == .htmlLink }) {
                let entity = entities.remove(at: index)
                emit(entity)
            }
        case ("img", false):
            guard let src = tag["src"] else { return }
            let alt = tag["alt"] ?? ""
            let line = source.line(at: sourceOffset ?? lastTextEnd)
            attach(image: Image(alt: alt, source: src, title: tag["title"], origin: .html, line: line, isHidden: isHiddenPass))
            if !alt.isEmpty {
                var copy = alt
                copy.withUTF8 { appendText($0, sourceOffset: nil) }
            }
        case ("br", _):
            appendText(space, sourceOffset: nil)
        default:
            break
        }
    }

    // MARK: md4c attributes

    /// md4c attributes may mix plain text with entities and NUL markers: decode each piece.
    private func attributeText(_ attribute: MD_ATTRIBUTE) -> String {
        guard let text = attribute.text, attribute.size > 0 else { return "" }
        let size = Int(attribute.size)
        let all = UnsafeRawBufferPointer(start: text, count: size).bindMemory(to: UInt8.self)
        guard let types = attribute.substr_types, let offsets = attribute.substr_offsets else {
            return String(decoding: all, as: UTF8.self)
        }
        var out = ""
        var index = 0
        while offsets[index] < attribute.size {
            let start = Int(offsets[index])
            let end = min(Int(offsets[index + 1]), size)
            let piece = String(decoding: UnsafeBufferPointer(rebasing: all[start..<end]), as: UTF8.self)
            switch types[index] {
            case MD_TEXT_ENTITY: out += CharacterReference.decodeOne(Substring(piece)) ?? piece
            case MD_TEXT_NULLCHAR: out += "\u{FFFD}"
            default: out += piece
            }
            index += 1
        }
        return out
    }
}

// MARK: - Pending values

/// How a section's heading was read.
struct HeadingTrace: Sendable {
    /// The builder's `horizon` when the heading began: every byte read to build the sections before it lies before this.
    var horizon: Int
    /// The heading's line is that of its own text. A heading without text is put on the first non-blank line after
    /// the last text, which can be an earlier line than its own (even another empty heading's).
    var anchored: Bool
}

/// A heading being collected.
struct PendingHeading {
    var level: Int
    /// The builder's `horizon` when the heading began.
    var horizon: Int
    var text: [UInt8] = []
    var firstOffset: Int?
}

/// A link or image whose text is still arriving.
struct OpenEntity {
    enum Kind { case markdownLink, markdownImage, htmlLink }
    var kind: Kind
    var destination = ""
    var title: String?
    var text: [UInt8] = []
    var firstOffset: Int?
}

struct PendingItem {
    var depth: Int
    var isChecked: Bool?
    var text: [UInt8] = []
    var firstOffset: Int?
    var links: [Link] = []
    var images: [Image] = []

    mutating func appendSeparator() {
        if !text.isEmpty, text.last != 0x0A { text.append(0x0A) }
    }
}

/// One paragraph-level piece of a quote, kept apart so a trailing `— Name` can be recognised.
struct QuotePart {
    var text: [UInt8] = []
    /// The list it is an item of, when it is one.
    var listID: Int?
    /// Offset in `text` where the last soft line break was (a `— Name` line may follow it).
    var lastSoftBreak: Int?
}

/// A top-level block being collected: everything nested below it folds into it.
///
/// A class: it is mutated on nearly every md4c callback, and as an optional struct each `if var` / write-back
/// retained and released its dozen arrays (13% of all parse instructions); a reference is mutated in place.
/// Its properties skip run-time exclusivity checks for the reasons given on `BodyBuilder`, which alone uses it.
final class PendingBlock {
    @exclusivity(unchecked) var kind: Block.Kind
    @exclusivity(unchecked) var text = SourceMappedBytes()
    @exclusivity(unchecked) var firstOffset: Int?
    @exclusivity(unchecked) var lastOffset: Int?
    @exclusivity(unchecked) var links: [Link] = []
    @exclusivity(unchecked) var images: [Image] = []
    @exclusivity(unchecked) var language: String?
    /// The fence character of a fenced code block.
    @exclusivity(unchecked) var fence: UInt8?
    // Lists.
    @exclusivity(unchecked) var items: [PendingItem] = []
    @exclusivity(unchecked) var itemStack: [Int] = []
    @exclusivity(unchecked) var listDepth = 0
    // Quotes.
    @exclusivity(unchecked) var quoteParts: [QuotePart] = []
    @exclusivity(unchecked) var quoteListIDs: [Int] = []
    @exclusivity(unchecked) var nextQuoteListID = 0
    @exclusivity(unchecked) var quoteDepth = 0
    // Tables.
    @exclusivity(unchecked) var rows: [[String]] = []
    @exclusivity(unchecked) var cell: [UInt8] = []
    /// An HTML block nested in a list or quote, read as inline HTML when it closes.
    @exclusivity(unchecked) var nestedHTML = SourceMappedBytes()

    init(kind: Block.Kind) {
        self.kind = kind
    }

    func note(_ offset: Int, count: Int) {
        if firstOffset == nil || offset < (firstOffset ?? offset) { firstOffset = offset }
        lastOffset = max(lastOffset ?? 0, offset + count)
    }

    func appendText(_ piece: UnsafeBufferPointer<UInt8>, sourceOffset: Int?, isSoftBreak: Bool) {
        switch kind {
        case .list:
            if let index = itemStack.last {
                if items[index].firstOffset == nil, let sourceOffset { items[index].firstOffset = sourceOffset }
                items[index].text.append(contentsOf: piece)
            } else {
                text.append(piece, sourceOffset: sourceOffset)
            }
        case .quote:
            if quoteParts.isEmpty { quoteParts.append(QuotePart()) }
            let last = quoteParts.count - 1
            if isSoftBreak { quoteParts[last].lastSoftBreak = quoteParts[last].text.count }
            quoteParts[last].text.append(contentsOf: piece)
        case .table:
            cell.append(contentsOf: piece)
        case .thematicBreak:
            break
        case .paragraph, .code:
            text.append(piece, sourceOffset: nil)
        case .html:
            // Only HTML blocks need the map back to the source (to find their comments' insides).
            text.append(piece, sourceOffset: sourceOffset)
        }
    }

    /// A new paragraph inside the same container: keep it apart from the previous one.
    func appendSeparator() {
        switch kind {
        case .list:
            if let index = itemStack.last { items[index].appendSeparator() }
        case .table:
            if !cell.isEmpty { cell.append(0x20) }
        case .paragraph, .code, .html:
            if !text.bytes.isEmpty, text.bytes.last != 0x0A { text.appendByte(0x0A) }
        case .quote, .thematicBreak:
            break
        }
    }

    func attach(link: Link) {
        links.append(link)
        if kind == .list, let item = itemStack.last { items[item].links.append(link) }
    }

    func attach(image: Image) {
        images.append(image)
        if kind == .list, let item = itemStack.last { items[item].images.append(image) }
    }

    func appendSpace() {
        switch kind {
        case .list:
            if let index = itemStack.last, !items[index].text.isEmpty { items[index].text.append(0x20) }
        case .paragraph:
            if !text.bytes.isEmpty { text.appendByte(0x20) }
        case .quote:
            if let last = quoteParts.indices.last, !quoteParts[last].text.isEmpty { quoteParts[last].text.append(0x20) }
        default:
            break
        }
    }

    func beginQuotePart(listID: Int?) {
        // A tight list item's first paragraph continues the part its `<li>` opened.
        if let last = quoteParts.last, last.text.isEmpty { quoteParts[quoteParts.count - 1].listID = listID ?? last.listID; return }
        quoteParts.append(QuotePart(listID: listID))
    }
}

/// Display text from collected bytes: runs of whitespace kept as written, ends trimmed.
func plainText(_ bytes: [UInt8]) -> String {
    String(decoding: trimASCIIWhitespace(bytes), as: UTF8.self)
}

func trimASCIIWhitespace(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
    var start = 0
    var end = bytes.count
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x0A || bytes[start] == 0x09 || bytes[start] == 0x0D { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
    return bytes[start..<end]
}
