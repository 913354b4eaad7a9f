/// One revision of a profile page, parsed into values that can be compared and serialised.
///
/// Every field is a plain Swift value: nothing here refers back to md4c or to the input buffer,
/// so documents cross threads freely and can be cached by blob id.
public struct ProfileDocument: Sendable, Codable, Equatable {
    /// Front matter as written, or `nil` when the page has none.
    public var frontMatter: FrontMatter?
    /// Sections in document order. The first is always the intro (level 0, text before any heading),
    /// even when empty, so that every block belongs to exactly one section.
    /// The tree is expressed by `Section.parent`, an index into this array, so walking it never recurses.
    public var sections: [Section]
    /// Problems found while parsing (broken front matter, invalid UTF-8, ...). The document is still usable.
    public var diagnostics: [Diagnostic]

    public init(frontMatter: FrontMatter? = nil, sections: [Section] = [], diagnostics: [Diagnostic] = []) {
        self.frontMatter = frontMatter
        self.sections = sections
        self.diagnostics = diagnostics
    }

    /// Titles from the outermost ancestor down to `sections[index]`, the intro excluded.
    public func path(of index: Int) -> [String] {
        var titles: [String] = []
        var cursor: Int? = index
        while let i = cursor, sections.indices.contains(i) {
            if sections[i].level > 0 { titles.append(sections[i].title) }
            cursor = sections[i].parent
        }
        return titles.reversed()
    }
}

/// 1-based, inclusive line numbers in the original file (front matter counted).
public struct LineRange: Sendable, Codable, Equatable, Hashable {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }
}

public struct Diagnostic: Sendable, Codable, Equatable, Hashable {
    public enum Severity: String, Sendable, Codable { case warning, error }
    public var severity: Severity
    /// Lowercase, specific message, e.g. "front matter: yaml: mapping values are not allowed here (line 3)".
    public var message: String
    public var line: Int?
    public init(severity: Severity = .warning, message: String, line: Int? = nil) {
        self.severity = severity
        self.message = message
        self.line = line
    }
}

// MARK: - Front matter

public struct FrontMatter: Sendable, Codable, Equatable {
    public enum Format: String, Sendable, Codable { case yaml, toml, json }
    public var format: Format
    /// Top-level keys in the order they are written.
    public var entries: [FrontMatterEntry]
    /// Keys present but commented out (`# date: 2024-02-17` in YAML or TOML), in order.
    public var hiddenEntries: [FrontMatterEntry]
    /// Lines of the front matter block, delimiters included.
    public var lines: LineRange

    public init(format: Format, entries: [FrontMatterEntry] = [], hiddenEntries: [FrontMatterEntry] = [], lines: LineRange) {
        self.format = format
        self.entries = entries
        self.hiddenEntries = hiddenEntries
        self.lines = lines
    }

    public subscript(key: String) -> FrontMatterValue? {
        entries.first { $0.key == key }?.value
    }
}

public struct FrontMatterEntry: Sendable, Codable, Equatable {
    public var key: String
    public var value: FrontMatterValue
    public var line: Int
    public init(key: String, value: FrontMatterValue, line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }
}

/// A typed front-matter value: dates stay dates, lists stay lists, tables keep key order.
public indirect enum FrontMatterValue: Sendable, Codable, Equatable {
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    /// A date or date-time as written (`2024-02-17`, `2024-02-17T10:00:00Z`): kept textual so it round-trips.
    case date(String)
    case array([FrontMatterValue])
    case table([FrontMatterEntry])
    case null

    /// A short, single-line rendering for summaries: `2024-02-17`, `"About Me"`, `[a, b]`.
    public var displayText: String {
        var out = ""
        // Explicit stack: values can nest deeply in hostile input.
        var stack: [DisplayToken] = [.value(self)]
        let budget = 200
        while let token = stack.popLast() {
            if out.count > budget { out += "…"; break }
            switch token {
            case .text(let s): out += s
            case .value(let v):
                switch v {
                case .string(let s): out += "\"\(s)\""
                case .integer(let i): out += String(i)
                case .double(let d): out += String(d)
                case .bool(let b): out += b ? "true" : "false"
                case .date(let d): out += d
                case .null: out += "null"
                case .array(let items):
                    stack.append(.text("]"))
                    for (n, item) in items.enumerated().reversed() {
                        stack.append(.value(item))
                        if n > 0 { stack.append(.text(", ")) }
                    }
                    stack.append(.text("["))
                case .table(let entries):
                    stack.append(.text("}"))
                    for (n, entry) in entries.enumerated().reversed() {
                        stack.append(.value(entry.value))
                        stack.append(.text("\(entry.key): "))
                        if n > 0 { stack.append(.text(", ")) }
                    }
                    stack.append(.text("{"))
                }
            }
        }
        return out
    }

    private enum DisplayToken { case text(String), value(FrontMatterValue) }
}

// MARK: - Body

public struct Section: Sendable, Codable, Equatable {
    /// 0 for the intro, 1...6 for headings.
    public var level: Int
    /// Plain text, markup stripped (`## **Skills**` is "Skills"). Empty for the intro.
    public var title: String
    /// GitHub-style anchor slug, unique within the document ("skills", "skills-1").
    public var slug: String
    /// Index of the enclosing section in `ProfileDocument.sections`; `nil` for top-level sections and the intro.
    public var parent: Int?
    /// True when the heading itself sits inside an HTML comment.
    public var isHidden: Bool
    /// Heading line through the last line before the next heading.
    public var lines: LineRange
    public var blocks: [Block]

    public init(level: Int, title: String, slug: String, parent: Int? = nil, isHidden: Bool = false, lines: LineRange, blocks: [Block] = []) {
        self.level = level
        self.title = title
        self.slug = slug
        self.parent = parent
        self.isHidden = isHidden
        self.lines = lines
        self.blocks = blocks
    }

    public var isIntro: Bool { level == 0 }
}

/// One block of a section: a paragraph, a whole list, a quote, a code block, a table, an HTML block.
public struct Block: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case paragraph, list, quote, code, table, html, thematicBreak
    }
    public var kind: Kind
    /// Text for display: inline markup stripped, link text kept, soft breaks as spaces.
    /// For code and HTML blocks, the source verbatim.
    public var text: String
    /// Comparison key: `ComparisonKey.normalize(text)`; equal keys mean "same content".
    public var key: String
    public var lines: LineRange
    /// Inside an HTML comment.
    public var isHidden: Bool
    /// Items of a `.list`, flattened in order with their nesting depth.
    public var items: [ListItem]
    /// Rows of a `.table`, header first, cells as plain text.
    public var rows: [[String]]
    /// For a `.quote`: the attribution ("Francois Chollet"), recognised from a trailing `— Name` line;
    /// `text` then holds only the quoted words.
    public var attribution: String?
    /// Info string of a fenced `.code` block.
    public var language: String?
    public var links: [Link]
    public var images: [Image]

    public init(kind: Kind, text: String, key: String? = nil, lines: LineRange, isHidden: Bool = false,
                items: [ListItem] = [], rows: [[String]] = [], attribution: String? = nil, language: String? = nil,
                links: [Link] = [], images: [Image] = []) {
        self.kind = kind
        self.text = text
        self.key = key ?? ComparisonKey.normalize(text)
        self.lines = lines
        self.isHidden = isHidden
        self.items = items
        self.rows = rows
        self.attribution = attribution
        self.language = language
        self.links = links
        self.images = images
    }
}

public struct ListItem: Sendable, Codable, Equatable {
    /// Text of the item's own paragraphs (not of nested lists, which follow as their own items).
    public var text: String
    public var key: String
    /// 0 for a top-level item, 1 for an item of a list nested in it, ...
    public var depth: Int
    /// Task-list state: `true` for `[x]`, `false` for `[ ]`, `nil` for an ordinary item.
    public var isChecked: Bool?
    public var isHidden: Bool
    public var line: Int
    public var links: [Link]
    public var images: [Image]

    public init(text: String, key: String? = nil, depth: Int = 0, isChecked: Bool? = nil, isHidden: Bool = false,
                line: Int, links: [Link] = [], images: [Image] = []) {
        self.text = text
        self.key = key ?? ComparisonKey.normalize(text)
        self.depth = depth
        self.isChecked = isChecked
        self.isHidden = isHidden
        self.line = line
        self.links = links
        self.images = images
    }
}

public struct Link: Sendable, Codable, Equatable, Hashable {
    public enum Origin: String, Sendable, Codable { case markdown, autolink, bareURL, html }
    public var text: String
    public var destination: String
    public var title: String?
    public var origin: Origin
    public var line: Int
    public var isHidden: Bool
    public init(text: String, destination: String, title: String? = nil, origin: Origin = .markdown, line: Int, isHidden: Bool = false) {
        self.text = text
        self.destination = destination
        self.title = title
        self.origin = origin
        self.line = line
        self.isHidden = isHidden
    }
}

public struct Image: Sendable, Codable, Equatable, Hashable {
    public enum Origin: String, Sendable, Codable { case markdown, html }
    public var alt: String
    public var source: String
    public var title: String?
    public var origin: Origin
    public var line: Int
    public var isHidden: Bool
    public init(alt: String, source: String, title: String? = nil, origin: Origin = .markdown, line: Int, isHidden: Bool = false) {
        self.alt = alt
        self.source = source
        self.title = title
        self.origin = origin
        self.line = line
        self.isHidden = isHidden
    }
}
