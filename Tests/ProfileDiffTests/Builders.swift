import ProfileDocument
@testable import ProfileDiff

// Small builders for hand-made documents, shaped the way the parser shapes them
// (intro first, blocks with comparison keys, links and images on their blocks and items).

let anyLines = LineRange(start: 1, end: 1)

func document(_ sections: [Section], frontMatter: FrontMatter? = nil) -> ProfileDocument {
    var all = sections
    if all.first?.isIntro != true { all.insert(intro([]), at: 0) }
    return ProfileDocument(frontMatter: frontMatter, sections: all)
}

func intro(_ blocks: [Block]) -> Section {
    Section(level: 0, title: "", slug: "", lines: anyLines, blocks: blocks)
}

func section(_ title: String, level: Int = 2, hidden: Bool = false, parent: Int? = nil, _ blocks: [Block]) -> Section {
    Section(level: level, title: title, slug: title.lowercased(), parent: parent, isHidden: hidden, lines: anyLines, blocks: blocks)
}

func paragraph(_ text: String, links: [Link] = [], images: [Image] = [], hidden: Bool = false) -> Block {
    Block(kind: .paragraph, text: text, lines: anyLines, isHidden: hidden, links: links, images: images)
}

func imageParagraph(_ alt: String, _ source: String) -> Block {
    Block(kind: .paragraph, text: alt, lines: anyLines, images: [Image(alt: alt, source: source, line: 1)])
}

func item(_ text: String, links: [Link] = [], hidden: Bool = false, checked: Bool? = nil) -> ListItem {
    ListItem(text: text, isChecked: checked, isHidden: hidden, line: 1, links: links)
}

func list(_ items: [ListItem], hidden: Bool = false) -> Block {
    Block(kind: .list, text: items.map(\.text).joined(separator: "\n"), lines: anyLines, isHidden: hidden,
          items: items.map { var copy = $0; copy.isHidden = copy.isHidden || hidden; return copy },
          links: items.flatMap(\.links))
}

func list(_ texts: [String], hidden: Bool = false) -> Block {
    list(texts.map { item($0) }, hidden: hidden)
}

func quote(_ text: String, by attribution: String? = nil, links: [Link] = []) -> Block {
    Block(kind: .quote, text: text, lines: anyLines, attribution: attribution, links: links)
}

func html(_ text: String, hidden: Bool = false) -> Block {
    Block(kind: .html, text: text, lines: anyLines, isHidden: hidden)
}

func code(_ text: String, language: String? = nil) -> Block {
    Block(kind: .code, text: text, lines: anyLines, language: language)
}

func table(_ rows: [[String]]) -> Block {
    Block(kind: .table, text: rows.map { $0.joined(separator: " | ") }.joined(separator: "\n"), lines: anyLines, rows: rows)
}

func link(_ text: String, _ destination: String, origin: Link.Origin = .markdown, hidden: Bool = false) -> Link {
    Link(text: text, destination: destination, origin: origin, line: 1, isHidden: hidden)
}

func yaml(_ entries: [(String, FrontMatterValue)], hidden: [(String, FrontMatterValue)] = [], format: FrontMatter.Format = .yaml) -> FrontMatter {
    var line = 2
    func entry(_ pair: (String, FrontMatterValue)) -> FrontMatterEntry {
        defer { line += 1 }
        return FrontMatterEntry(key: pair.0, value: pair.1, line: line)
    }
    return FrontMatter(format: format, entries: entries.map(entry), hiddenEntries: hidden.map(entry), lines: LineRange(start: 1, end: line))
}

/// A compact view of a change for assertions: kind, section path joined, level.
struct Seen: Equatable, CustomStringConvertible {
    var kind: Change.Kind
    var section: String
    var level: Change.Level
    init(_ kind: Change.Kind, _ section: String, _ level: Change.Level) {
        self.kind = kind
        self.section = section
        self.level = level
    }
    init(_ change: Change) {
        self.init(change.kind, change.section.joined(separator: " > "), change.level)
    }
    var description: String { "(\(kind.rawValue), \(section), \(level.rawValue))" }
}

func seen(_ changes: [Change]) -> [Seen] { changes.map(Seen.init) }
