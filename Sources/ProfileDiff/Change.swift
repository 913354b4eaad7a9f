import ProfileDocument

/// One thing that changed on a page, in the page's own terms.
public struct Change: Sendable, Codable, Equatable, Hashable {
    public var kind: Kind
    /// Section path from the outermost title down (`["Current Focus"]`); empty for page-level and intro changes
    /// outside any heading. Front-matter changes use `[]` too.
    public var section: [String]
    /// One line of plain English, e.g. `link "resume here" → /Michael_Liu_Resume_2025_Aug.pdf added`.
    public var summary: String
    public var level: Level
    /// The old value (text, title, key value, destination), when there is one.
    public var before: String?
    /// The new value, when there is one.
    public var after: String?
    /// True when the content involved sits inside an HTML comment on the page.
    public var isHidden: Bool

    public init(kind: Kind, section: [String] = [], summary: String, level: Level,
                before: String? = nil, after: String? = nil, isHidden: Bool = false) {
        self.kind = kind
        self.section = section
        self.summary = summary
        self.level = level
        self.before = before
        self.after = after
        self.isHidden = isHidden
    }

    /// How much a change matters to a reader; summaries lead with `major`, `--min-level` filters.
    public enum Level: String, Sendable, Codable, CaseIterable, Comparable {
        /// Whitespace, wrapping, quote or dash style only: hidden unless `--include-formatting`.
        case formatting
        /// Typos, hidden markup, punctuation.
        case trivial
        /// Edits, links, items, front-matter keys.
        case minor
        /// A page or section added, removed or rewritten.
        case major

        private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    /// What kind of change; the raw value is the stable JSON name (`section.renamed`).
    public enum Kind: String, Sendable, Codable, CaseIterable, Hashable {
        case pageAdded = "page.added"
        case pageDeleted = "page.deleted"
        case pageRenamed = "page.renamed"
        case pageRestored = "page.restored"

        case frontMatterKeyAdded = "frontMatter.keyAdded"
        case frontMatterKeyRemoved = "frontMatter.keyRemoved"
        case frontMatterKeyChanged = "frontMatter.keyChanged"
        case frontMatterKeyCommentedOut = "frontMatter.keyCommentedOut"
        case frontMatterKeyUncommented = "frontMatter.keyUncommented"

        case sectionAdded = "section.added"
        case sectionRemoved = "section.removed"
        case sectionRenamed = "section.renamed"
        case sectionMoved = "section.moved"
        case sectionMovedBetweenPages = "section.movedBetweenPages"
        case sectionRewritten = "section.rewritten"
        case sectionEdited = "section.edited"
        case sectionHidden = "section.hidden"
        case sectionUnhidden = "section.unhidden"

        case listItemAdded = "listItem.added"
        case listItemRemoved = "listItem.removed"
        case listItemEdited = "listItem.edited"
        case listItemMoved = "listItem.moved"
        /// A whole list appeared or went away (one line instead of one per item).
        case listAdded = "list.added"
        case listRemoved = "list.removed"
        /// Every item of a list replaced by others: one line instead of one per item.
        case listReplaced = "list.replaced"
        /// A paragraph, quote, list or other block kept its content but changed place within its section.
        case blockMoved = "block.moved"

        case linkAdded = "link.added"
        case linkRemoved = "link.removed"
        case linkTargetChanged = "link.targetChanged"
        case linkTextChanged = "link.textChanged"

        case imageAdded = "image.added"
        case imageRemoved = "image.removed"
        case imageSourceChanged = "image.sourceChanged"
        /// Same picture, new description (alt text): what screen readers and broken-image placeholders show.
        case imageAltChanged = "image.altChanged"

        case quoteAdded = "quote.added"
        case quoteRemoved = "quote.removed"
        case quoteEdited = "quote.edited"

        case paragraphAdded = "paragraph.added"
        case paragraphRemoved = "paragraph.removed"
        case paragraphEdited = "paragraph.edited"

        case tableRowAdded = "tableRow.added"
        case tableRowRemoved = "tableRow.removed"
        case tableRowEdited = "tableRow.edited"

        case codeAdded = "code.added"
        case codeRemoved = "code.removed"
        case codeChanged = "code.changed"

        case htmlAdded = "html.added"
        case htmlRemoved = "html.removed"
        case htmlChanged = "html.changed"

        /// Whitespace, wrapping, quote or dash style only.
        case formatting = "formatting"

        /// How the change reads at a glance: the category release notes group by.
        public var category: Category {
            switch self {
            case .pageAdded, .pageRestored, .frontMatterKeyAdded, .frontMatterKeyUncommented, .sectionAdded, .sectionUnhidden,
                 .listItemAdded, .listAdded, .linkAdded, .imageAdded, .quoteAdded, .paragraphAdded, .tableRowAdded, .codeAdded, .htmlAdded:
                return .added
            case .pageDeleted, .frontMatterKeyRemoved, .sectionRemoved, .listItemRemoved, .listRemoved, .linkRemoved, .imageRemoved,
                 .quoteRemoved, .paragraphRemoved, .tableRowRemoved, .codeRemoved, .htmlRemoved:
                return .removed
            case .pageRenamed, .sectionRenamed, .sectionMoved, .sectionMovedBetweenPages, .listItemMoved, .blockMoved:
                return .moved
            default:
                return .changed
            }
        }
    }

    /// Keep a Changelog's categories, plus moves (rendered under Changed in release notes).
    public enum Category: String, Sendable, Codable, CaseIterable {
        case added, changed, removed, moved

        /// Terminal symbol: `+ − ~ →`.
        public var symbol: String {
            switch self {
            case .added: return "+"
            case .removed: return "−"
            case .changed: return "~"
            case .moved: return "→"
            }
        }
    }
}
