import Glibc

/// A parsed page version, kept with what a parse of a neighbouring version needs to reuse its unchanged sections.
///
/// Most commits edit one section of a page whose previous version was just parsed; parsing the next version from
/// scratch redoes the rest of the page. `ProfileDocument.parse(_:reusing:)` parses only the part between the edit's
/// nearest top-level headings and takes the sections before and after it from the earlier version.
public struct ReusableParse: Sendable {
    public let document: ProfileDocument
    let source: SourceText
    let head: ProfileDocument.Head
    var bodyStart: Int { head.bodyStart }
    let options: ProfileDocument.ParseOptions
    /// False when the version cannot lend its sections (see `ProfileDocument.parse(_:reusing:)`).
    let canLend: Bool
    /// For each section, how its heading was read (`BodyBuilder.headingTraces`): where the sections before it had
    /// looked up to, and whether the heading sits on the line its section starts on.
    let traces: [HeadingTrace]
    /// Bytes of the body md4c read for this version: the whole body, or only the part around the edit.
    public let parsedBodyBytes: Int
}

extension ProfileDocument {
    /// Parses `bytes`, reusing the sections of `base` (an earlier parse of a neighbouring version) that the
    /// edit between the two cannot have changed. Without `base`, or when nothing can be reused, the page is parsed
    /// whole (`parse(_:options:)` is this without a base), and the result is always what that gives.
    ///
    /// Why the reuse is exact. Let a checkpoint be a visible section of `base` whose heading line starts with an
    /// ATX heading opener (`#` to `######`, then a space, a tab or the line's end) in column 0. md4c made it a
    /// top-level heading: such a line continues neither a paragraph (lazily), nor a list item (not indented), nor
    /// a quote (no `>`); inside a code block or an HTML block it would have made no section. At a top-level
    /// heading every block is closed, so what md4c and the builder do from there on depends only on the bytes
    /// from there on, on the link reference definitions of the whole page, and on the builder's state:
    /// - reference definitions: the reuse requires that neither version contains `]:`, which every definition
    ///   does;
    /// - md4c itself does not keep to this with `\r` line breaks (see `hasCarriageReturn`): no reuse with a `\r`;
    /// - the builder's state at a heading is the sections so far and a few values that the heading itself resets
    ///   (see `BodyBuilder.init(source:options:bodyStart:resuming:at:traces:horizon:)`), except: the open headings (they give
    ///   later sections their parents, recomputed here), the slugs handed out (recomputed), and diagnostics and
    ///   their once-per-page flags (the reuse requires none, in `base` and in the part parsed again).
    ///
    /// So with `p` bytes in common at the start of both versions and `s` at the end: the sections before the
    /// last checkpoint whose whole line lies within `p` are `base`'s, unchanged. From that heading on, md4c
    /// reads the new version up to and including the line of the first checkpoint that lies within `s`. If that
    /// line became a visible top-level section on its own line there (an edit that opens a code block or an HTML
    /// comment swallows it, and then the whole rest is parsed), the sections from it on are `base`'s with their
    /// line numbers moved, their parents and (when the headings before changed) their slugs computed again.
    /// Otherwise the part is read to the end. A differential test and a fuzz target hold this to a full parse.
    public static func parse(_ bytes: [UInt8], reusing base: ReusableParse?, options: ParseOptions = .init()) -> ReusableParse {
        // The bytes in common with the earlier version, at the start and at the end (not overlapping), when the text
        // between them is valid UTF-8 (else the whole text is scanned and repaired, and nothing is reused).
        var shared: (prefix: Int, suffix: Int)?
        var source: SourceText?
        if let base, base.canLend, base.options == options {
            let input = SourceText.withoutByteOrderMark(bytes), earlier = base.source.bytes
            let prefix = Splice.commonPrefix(earlier, input)
            let suffix = Splice.commonSuffix(earlier, input, limit: min(earlier.count, input.count) - prefix)
            source = SourceText(input, sharing: base.source, prefix: prefix, suffix: suffix)
            if source != nil { shared = (prefix, suffix) }
        }
        let text = source ?? SourceText(bytes)
        let head = Head(text, options: options, earlier: base)
        let mayReuse = text.invalidUTF8Count == 0 && !Self.mayDefineReferences(text.bytes) && !Self.hasCarriageReturn(text.bytes)
        var sections: [Section]?
        var traces: [HeadingTrace] = []
        var parsedBytes = text.bytes.count - head.bodyStart
        if mayReuse, let base, let shared,
           let spliced = Splice(old: base, new: text, bodyStart: head.bodyStart, introLine: head.introLine, shared: shared)?.run() {
            sections = spliced.sections
            traces = spliced.traces
            parsedBytes = spliced.parsedBytes
        }
        var bodyDiagnostics: [Diagnostic] = []
        if sections == nil {
            let builder = BodyBuilder(source: text, options: options, bodyStart: head.bodyStart, introLine: head.introLine)
            builder.parse(head.bodyStart..<text.bytes.count, hidden: false)
            sections = builder.finish(totalLines: text.lineCount)
            bodyDiagnostics = builder.diagnostics
            traces = builder.headingTraces
        }
        let document = ProfileDocument(frontMatter: head.frontMatter, sections: sections ?? [], diagnostics: head.diagnostics + bodyDiagnostics)
        return ReusableParse(document: document, source: text, head: head, options: options,
                             canLend: mayReuse && bodyDiagnostics.isEmpty, traces: traces, parsedBodyBytes: parsedBytes)
    }

    /// md4c 0.4.8 does not read text with `\r\n` (or `\r`) line breaks the same from a heading on as within the
    /// whole page: a line indented under a list item after blank lines came out as a top-level heading or not
    /// depending on lines far before it (found by chained random edits: 3 pages in 54,000 with CRLF breaks, none in
    /// 54,000 with LF). Such pages are parsed whole.
    static func hasCarriageReturn(_ bytes: [UInt8]) -> Bool {
        PageBytes.contains(0x0D, in: bytes)
    }

    /// `]:` ends the label of every link reference definition, and definitions change how any `[text]` of the
    /// page reads. Pages rarely have them; a page that may is parsed whole.
    static func mayDefineReferences(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            var offset = 0
            while offset < buffer.count {
                guard let found = memchr(base + offset, 0x5D, buffer.count - offset) else { return false }
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if index + 1 < buffer.count, buffer[index + 1] == 0x3A { return true }
                offset = index + 1
            }
            return false
        }
    }
}

/// One reuse of an earlier version's sections (see `ProfileDocument.parse(_:reusing:)`).
struct Splice {
    let old: ReusableParse
    let new: SourceText
    let bodyStart: Int
    let introLine: Int
    /// Bytes in common at the start, and at the end (not overlapping the start).
    let prefix: Int
    let suffix: Int

    init?(old: ReusableParse, new: SourceText, bodyStart: Int, introLine: Int, shared: (prefix: Int, suffix: Int)) {
        self.old = old
        self.new = new
        self.bodyStart = bodyStart
        self.introLine = introLine
        if shared.prefix == old.source.bytes.count && shared.prefix == new.bytes.count { return nil }
        prefix = shared.prefix
        suffix = shared.suffix
    }

    /// Sections of the old version whose heading can anchor a reuse, with the offset of their heading line.
    private func checkpoints() -> [(section: Int, offset: Int)] {
        let sections = old.document.sections, source = old.source
        var found: [(section: Int, offset: Int)] = []
        for index in sections.indices.dropFirst() where !sections[index].isHidden && old.traces[index].anchored {
            let line = sections[index].lines.start
            guard line >= 1, line <= source.lineCount else { continue }
            let offset = source.lineStarts[line - 1]
            if offset >= old.bodyStart, Self.opensATXHeading(source.bytes, at: offset) { found.append((index, offset)) }
        }
        return found
    }

    func run() -> (sections: [Section], traces: [HeadingTrace], parsedBytes: Int)? {
        let oldSource = old.source, oldSections = old.document.sections
        let checkpoints = checkpoints()
        guard !checkpoints.isEmpty else { return nil }
        let growth = new.bytes.count - oldSource.bytes.count

        // The last checkpoint whose whole line, break included, is common to both versions.
        var resume: (section: Int, offset: Int)?
        if old.bodyStart == bodyStart {
            for checkpoint in checkpoints.reversed() {
                let line = oldSource.line(at: checkpoint.offset)
                let next = line < oldSource.lineCount ? oldSource.lineStarts[line] : oldSource.bytes.count
                // What was read before the heading, looking ahead included, must be shared too.
                if next <= prefix && line < oldSource.lineCount && old.traces[checkpoint.section].horizon <= prefix { resume = checkpoint; break }
            }
        }
        let start = resume?.offset ?? bodyStart
        // The first checkpoint after it inside the common end, still at a line start in the new version.
        var rejoin: (section: Int, offset: Int, newOffset: Int)?
        for checkpoint in checkpoints where checkpoint.section > (resume?.section ?? 0) {
            let newOffset = checkpoint.offset + growth
            guard checkpoint.offset >= oldSource.bytes.count - suffix, newOffset > start, newOffset >= bodyStart else { continue }
            let line = new.line(at: newOffset)
            if new.lineStarts[line - 1] == newOffset { rejoin = (checkpoint.section, checkpoint.offset, newOffset) }
            break
        }
        guard resume != nil || rejoin != nil else { return nil }

        let builder = resume.map {
            BodyBuilder(source: new, options: old.options, bodyStart: bodyStart, resuming: Array(oldSections[..<$0.section]), at: $0.offset,
                        traces: Array(old.traces[..<$0.section]), horizon: old.traces[$0.section].horizon)
        } ?? BodyBuilder(source: new, options: old.options, bodyStart: bodyStart, introLine: introLine)
        var end = new.bytes.count
        if let rejoin {
            let line = new.line(at: rejoin.newOffset)
            end = line < new.lineCount ? new.lineStarts[line] : new.bytes.count
        }
        builder.parse(start..<end, hidden: false)
        guard builder.diagnostics.isEmpty else { return nil }
        var sections = builder.sections
        var traces = builder.headingTraces
        if let resume {
            // The resuming heading made its section again, on the same line (it cannot do otherwise; checked, cheaply).
            guard sections.count > resume.section, sections[resume.section].lines.start == oldSections[resume.section].lines.start,
                  !sections[resume.section].isHidden else { return nil }
        }
        if let rejoin {
            // The rejoining heading must have made the last section, visible, on its own line, with nothing after it.
            let newLine = new.line(at: rejoin.newOffset)
            guard let last = sections.last, sections.count > (resume.map { $0.section + 1 } ?? 1), last.lines.start == newLine,
                  !last.isHidden, last.blocks.isEmpty, last.level == oldSections[rejoin.section].level,
                  builder.headingTraces.last?.anchored == true else { return nil }
            sections.removeLast()
            traces.removeLast()
            let keptSlugs = sections.count == rejoin.section
                && zip(sections[(resume?.section ?? 0)...], oldSections[(resume?.section ?? 0)..<rejoin.section]).allSatisfy { $0.slug == $1.slug }
            let shift = newLine - oldSections[rejoin.section].lines.start
            var nesting = SectionNesting()
            var slugs = SlugSet()
            for index in sections.indices.dropFirst() {
                _ = nesting.parent(level: sections[index].level, index: index)
                if !keptSlugs { slugs.take(sections[index].slug) }
            }
            sections.reserveCapacity(sections.count + oldSections.count - rejoin.section)
            for index in rejoin.section..<oldSections.count {
                var section = oldSections[index]
                if shift != 0 { section.shiftLines(by: shift) }
                let parent = nesting.parent(level: section.level, index: sections.count)
                if section.parent != parent { section.parent = parent }
                if !keptSlugs { section.slug = slugs.unique(Slug.make(section.title)) }
                sections.append(section)
                // At most what the part read again looked at, or what the earlier version looked at from there, moved.
                let earlier = old.traces[index].horizon == Int.max ? Int.max : old.traces[index].horizon + growth
                traces.append(HeadingTrace(horizon: max(builder.horizon, earlier), anchored: old.traces[index].anchored))
            }
        }
        BodyBuilder.closeLineRanges(&sections, totalLines: new.lineCount)
        return (sections, traces, end - start)
    }

    /// `#` to `######` then a space, a tab or the end of the line: the start of an ATX heading (md4c, like
    /// CommonMark, wants the space unless told otherwise).
    static func opensATXHeading(_ bytes: [UInt8], at offset: Int) -> Bool {
        var index = offset
        while index < bytes.count, bytes[index] == UInt8(ascii: "#"), index - offset < 7 { index += 1 }
        let hashes = index - offset
        guard (1...6).contains(hashes) else { return false }
        guard index < bytes.count else { return true }
        let next = bytes[index]
        return next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D
    }

    static func commonPrefix(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let limit = min(a.count, b.count)
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                var i = 0
                // Four words a step while they agree (most of a page does), then one.
                while i + 32 <= limit, Self.sameWords(x, i, y, i) { i += 32 }
                while i + 8 <= limit, x.loadUnaligned(fromByteOffset: i, as: UInt64.self) == y.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    i += 8
                }
                while i < limit, x[i] == y[i] { i += 1 }
                return i
            }
        }
    }

    /// The 32 bytes at `i` in `x` and at `j` in `y` are the same.
    @inline(__always)
    private static func sameWords(_ x: UnsafeRawBufferPointer, _ i: Int, _ y: UnsafeRawBufferPointer, _ j: Int) -> Bool {
        let a = x.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ y.loadUnaligned(fromByteOffset: j, as: UInt64.self)
        let b = x.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self) ^ y.loadUnaligned(fromByteOffset: j + 8, as: UInt64.self)
        let c = x.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) ^ y.loadUnaligned(fromByteOffset: j + 16, as: UInt64.self)
        let d = x.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self) ^ y.loadUnaligned(fromByteOffset: j + 24, as: UInt64.self)
        return a | b | c | d == 0
    }

    static func commonSuffix(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                var n = 0
                while n + 32 <= limit, Self.sameWords(x, a.count - n - 32, y, b.count - n - 32) { n += 32 }
                while n + 8 <= limit,
                      x.loadUnaligned(fromByteOffset: a.count - n - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: b.count - n - 8, as: UInt64.self) {
                    n += 8
                }
                while n < limit, x[a.count - n - 1] == y[b.count - n - 1] { n += 1 }
                return n
            }
        }
    }
}

extension Section {
    /// The same section `delta` lines further down the file.
    mutating func shiftLines(by delta: Int) {
        lines = LineRange(start: lines.start + delta, end: lines.end + delta)
        for b in blocks.indices {
            blocks[b].lines = LineRange(start: blocks[b].lines.start + delta, end: blocks[b].lines.end + delta)
            for i in blocks[b].items.indices {
                blocks[b].items[i].line += delta
                for l in blocks[b].items[i].links.indices { blocks[b].items[i].links[l].line += delta }
                for m in blocks[b].items[i].images.indices { blocks[b].items[i].images[m].line += delta }
            }
            for l in blocks[b].links.indices { blocks[b].links[l].line += delta }
            for m in blocks[b].images.indices { blocks[b].images[m].line += delta }
        }
    }
}
