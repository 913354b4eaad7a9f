/// Knobs of the comparison. The defaults are what a careful reader expects; a repository config may override them.
///
/// Similarities are computed over case-folded words with punctuation removed, so "Data transfer" and
/// "data transfer." count as the same two words.
public struct DiffOptions: Sendable, Equatable {
    /// Body similarity (Jaccard over distinct words) at or above which two sections with different titles are
    /// one section renamed. For bodies of equal size, 0.5 means two thirds of the words were kept: a rename
    /// with light edits, not a different section that happens to share vocabulary.
    public static let defaultRenameThreshold = 0.5

    /// Body similarity (Jaccard) below which a section is reported as rewritten instead of edited item by item.
    /// For bodies of equal size, 1/3 means fewer than half of the words were kept: "most of the body replaced",
    /// where a list of individual edits would be longer than it is useful. A section that only lost content (or only
    /// gained it) is never rewritten: when half of the smaller side's words are in the other, it was cut, not replaced.
    public static let defaultRewriteThreshold = 1.0 / 3.0

    /// Title similarity (Jaccard over title words) at or above which two otherwise unpaired sections are one
    /// section rewritten under a new title ("Current Learning Focus" → "Current Focus" shares 2 of 3 words, 0.67).
    /// 0.5 keeps unrelated sections that share one word of three or more ("What I'm working on" vs "Current Focus") apart.
    public static let defaultTitleSimilarityThreshold = 0.5

    /// Similarity (Dice over distinct words) at or above which two unpaired blocks or list items of the same kind are
    /// one block edited rather than one removed and another added. Dice rather than Jaccard because edits to
    /// short texts are usually insertions ("seeking roles" → "seeking roles. You can view my resume here."),
    /// which Jaccard punishes twice; 0.5 means half of the combined words are shared.
    public static let defaultEditThreshold = 0.5

    /// Sections without at least this many content units (paragraphs, list items, quotes, ...) in the old
    /// revision are never "rewritten": replacing the one sentence of a one-sentence section is an edit.
    public static let defaultMinimumUnitsForRewrite = 2

    /// Inside one section, more changes than this are summarised in one `section.edited` line with counts
    /// ("section 'Skills' edited: 4 items added, 3 items edited"): past half a dozen lines a reader wants the gist.
    public static let defaultMaxChangesPerSection = 6

    public var renameThreshold: Double
    public var rewriteThreshold: Double
    public var titleSimilarityThreshold: Double
    public var editThreshold: Double
    public var minimumUnitsForRewrite: Int
    public var maxChangesPerSection: Int
    /// Front-matter keys never reported (e.g. `lastmod`, which a build tool bumps on every commit).
    public var ignoredFrontMatterKeys: Set<String>
    /// Report formatting-only changes (re-wrapping, trailing spaces, quote and dash style) at level `.formatting`.
    public var includeFormatting: Bool

    public init(renameThreshold: Double = DiffOptions.defaultRenameThreshold,
                rewriteThreshold: Double = DiffOptions.defaultRewriteThreshold,
                titleSimilarityThreshold: Double = DiffOptions.defaultTitleSimilarityThreshold,
                editThreshold: Double = DiffOptions.defaultEditThreshold,
                minimumUnitsForRewrite: Int = DiffOptions.defaultMinimumUnitsForRewrite,
                maxChangesPerSection: Int = DiffOptions.defaultMaxChangesPerSection,
                ignoredFrontMatterKeys: Set<String> = [],
                includeFormatting: Bool = false) {
        self.renameThreshold = renameThreshold
        self.rewriteThreshold = rewriteThreshold
        self.titleSimilarityThreshold = titleSimilarityThreshold
        self.editThreshold = editThreshold
        self.minimumUnitsForRewrite = minimumUnitsForRewrite
        self.maxChangesPerSection = maxChangesPerSection
        self.ignoredFrontMatterKeys = ignoredFrontMatterKeys
        self.includeFormatting = includeFormatting
    }
}

extension DiffOptions {
    /// Share of the smaller body's words found in the other at or above which a section was cut (or extended),
    /// not replaced, whatever its overall similarity: a section that lost four of five paragraphs was edited.
    static let cutOverlap = 0.5
}

/// Bounds that keep the comparison linear on large pages; not user-facing knobs.
enum Budget {
    /// Words per text considered for similarity; the first few hundred words decide whether two texts are related.
    static let similarityWords = 400
    /// Word look-ups spent on pairwise similarity per pairing step (each comparison costs the size of its smaller
    /// word set); past it, what is left pairs only by position. Keeps hostile pages (thousands of renamed sections) linear.
    static let pairWork = 2_000_000
    /// Words (or code lines) per side above which a word-level diff is skipped and the edit summarised coarsely:
    /// `CollectionDifference` keeps a trace that grows with the square of the edit distance.
    static let wordDiffWords = 800
    /// Elements above which moves are found by a longest increasing subsequence (O(n log n)) instead of
    /// `CollectionDifference`, whose Myers search is O(n·d) in time and memory.
    static let collectionDifferenceElements = 2_000
}
