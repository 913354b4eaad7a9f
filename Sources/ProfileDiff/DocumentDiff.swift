import ProfileDocument

/// One page of a commit: its path and its old and new revisions (`nil` where the page did not exist).
public struct PagePair: Sendable, Equatable {
    public var path: String
    public var old: ProfileDocument?
    public var new: ProfileDocument?
    /// The page's previous path when the history layer followed a rename; reported as `page.renamed`.
    public var oldPath: String?
    /// The page comes back with content it had before it was deleted; reported as `page.restored`, not `page.added`.
    public var isRestored: Bool

    public init(path: String, old: ProfileDocument?, new: ProfileDocument?, oldPath: String? = nil, isRestored: Bool = false) {
        self.path = path
        self.old = old
        self.new = new
        self.oldPath = oldPath
        self.isRestored = isRestored
    }
}

/// Compares revisions of profile pages into changes a reader recognises. Pure: no I/O, no git, no printing.
public enum DocumentDiff {
    /// The changes from `old` to `new`, front matter first, then in the new page's reading order with removals
    /// where they used to be. `nil` old means the page was added, `nil` new that it was deleted.
    public static func compare(_ old: ProfileDocument?, _ new: ProfileDocument?, options: DiffOptions = .init()) -> [Change] {
        PageComparison(old: old, new: new, options: options).changes
    }

    /// Several pages changed in one commit: each page compared as by `compare(_:_:options:)`, and in addition a section
    /// removed from one page and added to another (same title, similar body) is reported as moved between pages on both,
    /// instead of removed and added. The result is index-aligned with `pages`.
    public static func compare(pages: [PagePair], options: DiffOptions = .init()) -> [[Change]] {
        var results = pages.map { page in
            var comparison = PageComparison(old: page.old, new: page.new, options: options)
            comparison.describePage(page)
            return comparison
        }
        var addedByTitle: [String: [(page: Int, record: Int)]] = [:]
        for (p, result) in results.enumerated() {
            for (r, record) in result.addedSections.enumerated() { addedByTitle[record.identity, default: []].append((p, r)) }
        }
        var candidates: [(score: Double, fromPage: Int, from: Int, toPage: Int, to: Int)] = []
        for (p, result) in results.enumerated() {
            for (r, record) in result.removedSections.enumerated() {
                for target in addedByTitle[record.identity] ?? [] where target.page != p {
                    let other = results[target.page].addedSections[target.record]
                    let score = TextMetrics.jaccard(record.words, other.words)
                    if score >= options.renameThreshold { candidates.append((score, p, r, target.page, target.record)) }
                }
            }
        }
        candidates.sort { ($0.score, -$0.fromPage, -$0.from, -$0.toPage, -$0.to) > ($1.score, -$1.fromPage, -$1.from, -$1.toPage, -$1.to) }
        var usedFrom = Set<[Int]>(), usedTo = Set<[Int]>()
        for candidate in candidates {
            let from = [candidate.fromPage, candidate.from], to = [candidate.toPage, candidate.to]
            if usedFrom.contains(from) || usedTo.contains(to) { continue }
            usedFrom.insert(from)
            usedTo.insert(to)
            let source = results[candidate.fromPage].removedSections[candidate.from]
            let target = results[candidate.toPage].addedSections[candidate.to]
            let fromPath = pages[candidate.fromPage].path, toPath = pages[candidate.toPage].path
            results[candidate.fromPage].replaceOrAppend(source.changeIndex, Change(
                kind: .sectionMovedBetweenPages, section: source.path, summary: "section \"\(source.title)\" moved to \(toPath)",
                level: .major, before: fromPath, after: toPath, isHidden: source.isHidden))
            results[candidate.toPage].replaceOrAppend(target.changeIndex, Change(
                kind: .sectionMovedBetweenPages, section: target.path, summary: "section \"\(target.title)\" moved from \(fromPath)",
                level: .major, before: fromPath, after: toPath, isHidden: target.isHidden))
        }
        return results.map(\.changes)
    }
}

/// A section added to or removed from a page, kept for matching moves between pages.
struct SectionRecord {
    /// Index of its `section.added`/`section.removed` change, or `nil` when the whole page was added or deleted.
    var changeIndex: Int?
    var identity: String
    var words: WordSet
    var title: String
    var path: [String]
    var isHidden: Bool
}

/// The comparison of one page's two revisions.
struct PageComparison {
    private(set) var changes: [Change] = []
    private(set) var removedSections: [SectionRecord] = []
    private(set) var addedSections: [SectionRecord] = []
    private let options: DiffOptions
    /// Parallel to `changes`: whole blocks and items added or removed, for moves between sections.
    private var loose: [BlockDiff.Loose?] = []

    init(old: ProfileDocument?, new: ProfileDocument?, options: DiffOptions) {
        self.options = options
        switch (old, new) {
        case (nil, nil):
            return
        case (nil, let new?):
            emit(Change(kind: .pageAdded, summary: "page added (\(TextMetrics.count(new.sections.filter { !$0.isIntro }.count, "section")))",
                        level: .major))
            addedSections = Self.topLevelRecords(new)
        case (let old?, nil):
            emit(Change(kind: .pageDeleted, summary: "page deleted (\(TextMetrics.count(old.sections.filter { !$0.isIntro }.count, "section")))",
                        level: .major))
            removedSections = Self.topLevelRecords(old)
        case (let old?, let new?):
            for change in FrontMatterDiff.changes(old.frontMatter, new.frontMatter, options: options) { emit(change) }
            compareSections(old, new)
            foldMovesBetweenSections()
        }
    }

    /// Page-level facts only the history knows: a rename (a line first) and a restore (instead of "page added").
    mutating func describePage(_ page: PagePair) {
        if page.isRestored, let index = changes.firstIndex(where: { $0.kind == .pageAdded }) {
            changes[index] = Change(kind: .pageRestored, summary: "page restored" + changes[index].summary.dropFirst("page added".count),
                                    level: .major)
        }
        if let oldPath = page.oldPath, oldPath != page.path {
            changes.insert(Change(kind: .pageRenamed, summary: "page renamed from \(oldPath)", level: .minor, before: oldPath, after: page.path), at: 0)
            for k in removedSections.indices { removedSections[k].changeIndex = removedSections[k].changeIndex.map { $0 + 1 } }
            for k in addedSections.indices { addedSections[k].changeIndex = addedSections[k].changeIndex.map { $0 + 1 } }
        }
    }

    mutating func replaceOrAppend(_ index: Int?, _ change: Change) {
        if let index, changes.indices.contains(index) { changes[index] = change } else { changes.append(change) }
    }

    private mutating func emit(_ change: Change, loose tag: BlockDiff.Loose? = nil) {
        if change.level == .formatting && !options.includeFormatting { return }
        changes.append(change)
        loose.append(tag)
    }

    /// A paragraph or item removed from one section and added unchanged to another moved: one line where it
    /// arrived, none where it left.
    private mutating func foldMovesBetweenSections() {
        var removedByIdentity: [String: [Int]] = [:]
        for (index, tag) in loose.enumerated() {
            if let tag, !tag.added { removedByIdentity[tag.identity, default: []].append(index) }
        }
        if removedByIdentity.isEmpty { return }
        var dropped = Set<Int>()
        for (index, tag) in loose.enumerated() {
            guard let tag, tag.added, var queue = removedByIdentity[tag.identity] else { continue }
            guard let from = queue.firstIndex(where: { changes[$0].section != changes[index].section }) else { continue }
            let source = queue.remove(at: from)
            removedByIdentity[tag.identity] = queue
            dropped.insert(source)
            let origin = changes[source].section.last.map { "\"\($0)\"" } ?? "the intro"
            let hidden = changes[index].isHidden && changes[source].isHidden
            changes[index] = Change(kind: tag.isItem ? .listItemMoved : .blockMoved, section: changes[index].section,
                                    summary: "\(tag.name) moved from \(origin)", level: hidden ? .trivial : .minor,
                                    before: changes[source].section.joined(separator: " > "),
                                    after: changes[index].section.joined(separator: " > "), isHidden: hidden)
        }
        if dropped.isEmpty { return }
        var newIndex: [Int: Int] = [:]
        var kept: [Change] = []
        for (index, change) in changes.enumerated() where !dropped.contains(index) {
            newIndex[index] = kept.count
            kept.append(change)
        }
        changes = kept
        loose = []
        for k in removedSections.indices { removedSections[k].changeIndex = removedSections[k].changeIndex.flatMap { newIndex[$0] } }
        for k in addedSections.indices { addedSections[k].changeIndex = addedSections[k].changeIndex.flatMap { newIndex[$0] } }
    }

    private static func topLevelRecords(_ document: ProfileDocument) -> [SectionRecord] {
        document.sections.indices.compactMap { index in
            let section = document.sections[index]
            guard !section.isIntro, section.parent == nil else { return nil }
            return SectionRecord(changeIndex: nil, identity: identity(section), words: bodyWords(document, index),
                                 title: section.title, path: document.path(of: index), isHidden: section.isHidden)
        }
    }

    /// Sections are the same section when their titles agree up to case, punctuation and markup.
    static func identity(_ section: Section) -> String {
        if section.isIntro { return "\u{1}intro" }
        let title = TextMetrics.normalizedTitle(section.title)
        return title.isEmpty ? "\u{2}" + section.title : title
    }

    /// The same sections by title, in the same order: then each pairs with the one at its place, whatever titles
    /// repeat (`identity` is a function of the two fields compared).
    private static func sameTitles(_ a: [Section], _ b: [Section]) -> Bool {
        guard a.count == b.count else { return false }
        for k in a.indices where a[k].isIntro != b[k].isIntro || a[k].title != b[k].title { return false }
        return true
    }

    /// The words of a section's own blocks (not of its subsections).
    static func bodyWords(_ document: ProfileDocument, _ index: Int) -> WordSet {
        var words = WordSet.Builder()
        let blocks = document.sections[index].blocks
        // Fields read in place: `for item in items`, or a block handed to a function, copies it whole.
        for k in blocks.indices {
            switch blocks[k].kind {
            case .list: for m in blocks[k].items.indices { words.add(blocks[k].items[m].key) }
            case .table: for row in blocks[k].rows { words.add(row.joined(separator: " ")) }
            case .paragraph where !blocks[k].images.isEmpty && Describe.isImageOnly(blocks[k]):
                for image in blocks[k].images { words.add(image.source) }
            default: words.add(blocks[k].key)
            }
            if let attribution = blocks[k].attribution { words.add(attribution) }
        }
        return words.build()
    }

    private enum Relation { case same, renamed, rewritten }

    private mutating func compareSections(_ old: ProfileDocument, _ new: ProfileDocument) {
        let oldSections = old.sections, newSections = new.sections
        var oldToNew = [Int?](repeating: nil, count: oldSections.count)
        var newToOld = [Int?](repeating: nil, count: newSections.count)
        var relation = [Relation](repeating: .same, count: newSections.count)
        var oldWordsCache: [Int: WordSet] = [:]
        var newWordsCache: [Int: WordSet] = [:]
        func oldWords(_ i: Int) -> WordSet {
            if let cached = oldWordsCache[i] { return cached }
            let words = Self.bodyWords(old, i); oldWordsCache[i] = words; return words
        }
        func newWords(_ j: Int) -> WordSet {
            if let cached = newWordsCache[j] { return cached }
            let words = Self.bodyWords(new, j); newWordsCache[j] = words; return words
        }

        // 1. Same title: the k-th section of a title in the new version is the k-th of that title in the old one.
        let pairedByPlace = Self.sameTitles(oldSections, newSections)
        if pairedByPlace {
            // The usual commit, an edit inside sections: the pairing is the identity, found without normalizing a
            // title or hashing one (a twentieth of all comparing).
            for k in oldSections.indices {
                oldToNew[k] = k
                newToOld[k] = k
            }
        } else {
            let oldIdentities = oldSections.map(Self.identity), newIdentities = newSections.map(Self.identity)
            var queues = [String: [Int]](minimumCapacity: oldIdentities.count)
            for (i, identity) in oldIdentities.enumerated() { queues[identity, default: []].append(i) }
            var cursors = [String: Int](minimumCapacity: newIdentities.count)
            for (j, identity) in newIdentities.enumerated() {
                guard let queue = queues[identity] else { continue }
                let cursor = cursors[identity, default: 0]
                guard cursor < queue.count else { continue }
                cursors[identity] = cursor + 1
                oldToNew[queue[cursor]] = j
                newToOld[j] = queue[cursor]
            }
        }
        for (j, i) in newToOld.enumerated() {
            guard let i, !newSections[j].isIntro else { continue }
            if Self.sameBody(oldSections[i].blocks, newSections[j].blocks) { continue }
            if Self.mostBlocksKept(oldSections[i].blocks, newSections[j].blocks) { continue }
            if Describe.units(oldSections[i].blocks) >= options.minimumUnitsForRewrite, !newSections[j].blocks.isEmpty,
               Self.isReplaced(oldWords(i), newWords(j), options: options) {
                relation[j] = .rewritten
            }
        }

        // 2. Different titles: a similar body is a rename; a similar title over a replaced body is a rewrite.
        // (Paired by place, every section has its partner: nothing is left, and nothing moved.)
        let oldLeft = pairedByPlace ? [] : oldSections.indices.filter { oldToNew[$0] == nil && !oldSections[$0].isIntro }
        let newLeft = pairedByPlace ? [] : newSections.indices.filter { newToOld[$0] == nil && !newSections[$0].isIntro }
        if !oldLeft.isEmpty && !newLeft.isEmpty {
            var byBody: [(score: Double, old: Int, new: Int)] = []
            var byTitle: [(score: Double, body: Double, old: Int, new: Int)] = []
            var budget = Budget.pairWork
            let oldTitleWords = Dictionary(uniqueKeysWithValues: oldLeft.map { ($0, TextMetrics.wordSet([oldSections[$0].title])) })
            outer: for j in newLeft {
                let titleWords = TextMetrics.wordSet([newSections[j].title])
                for i in oldLeft {
                    if budget <= 0 { break outer }
                    let a = oldWords(i), b = newWords(j)
                    budget -= 1 + min(a.count, b.count)
                    let body = a.isEmpty || b.isEmpty ? 0 : TextMetrics.jaccard(a, b)
                    if body >= options.renameThreshold { byBody.append((body, i, j)) }
                    let title = TextMetrics.jaccard(oldTitleWords[i] ?? [], titleWords)
                    if title >= options.titleSimilarityThreshold && !titleWords.isEmpty { byTitle.append((title, body, i, j)) }
                }
            }
            byBody.sort { ($0.score, -$0.new, -$0.old) > ($1.score, -$1.new, -$1.old) }
            for candidate in byBody where oldToNew[candidate.old] == nil && newToOld[candidate.new] == nil {
                oldToNew[candidate.old] = candidate.new
                newToOld[candidate.new] = candidate.old
                relation[candidate.new] = .renamed
            }
            byTitle.sort { ($0.score, $0.body, -$0.new, -$0.old) > ($1.score, $1.body, -$1.new, -$1.old) }
            for candidate in byTitle where oldToNew[candidate.old] == nil && newToOld[candidate.new] == nil {
                oldToNew[candidate.old] = candidate.new
                newToOld[candidate.new] = candidate.old
                let small = Describe.units(oldSections[candidate.old].blocks) < options.minimumUnitsForRewrite
                let replaced = Self.isReplaced(oldWords(candidate.old), newWords(candidate.new), options: options)
                relation[candidate.new] = replaced && !small ? .rewritten : .renamed
            }
        }

        // 3. Reordering among matched sections; a subsection that travelled with its parent is not reported again.
        let movedOld = pairedByPlace ? [] : Moves.moved(old: oldSections.indices.filter { oldToNew[$0] != nil }, new: newToOld.compactMap { $0 })
        func reportedMove(_ i: Int) -> Bool {
            guard movedOld.contains(i) else { return false }
            var parent = oldSections[i].parent
            while let p = parent {
                if movedOld.contains(p) { return false }
                parent = oldSections[p].parent
            }
            return true
        }

        // Removed sections are reported after the new section that took the place of their nearest matched predecessor;
        // a removed subsection of a removed section is part of its parent's line.
        var removalsAfter: [Int: [Int]] = [:]
        var anchor = -1
        for i in oldSections.indices {
            if let j = oldToNew[i] { anchor = j; continue }
            if let p = oldSections[i].parent, oldToNew[p] == nil { continue }
            removalsAfter[anchor, default: []].append(i)
        }

        for i in removalsAfter[-1] ?? [] { emitRemoved(old, i, oldToNew: oldToNew, words: oldWords(i)) }
        for j in newSections.indices {
            if let i = newToOld[j] {
                emitPair(old, i, new, j, relation: relation[j], moved: reportedMove(i))
            } else if !(newSections[j].parent.map { newToOld[$0] == nil } ?? false) {
                emitAdded(new, j, newToOld: newToOld, words: newWords(j))
            }
            for i in removalsAfter[j] ?? [] { emitRemoved(old, i, oldToNew: oldToNew, words: oldWords(i)) }
        }
    }

    /// Many changes inside one section as one line: "section "Skills" edited: 4 items added, 3 items edited".
    private static func summarised(_ changes: [Change], section: Section, path: [String]) -> Change {
        var counts: [(phrase: String, count: Int)] = []
        for change in changes {
            let phrase = Self.phrase(change.kind)
            if let index = counts.firstIndex(where: { $0.phrase == phrase }) { counts[index].count += 1 } else { counts.append((phrase, 1)) }
        }
        let parts = counts.sorted { $0.count > $1.count }.prefix(4).map { part -> String in
            let words = part.phrase.split(separator: " ", maxSplits: 1).map(String.init)
            guard let noun = words.first else { return part.phrase }
            return TextMetrics.count(part.count, noun) + (words.count > 1 ? " " + words[1] : "")
        }
        let level = changes.map(\.level).max() ?? .minor
        return Change(kind: .sectionEdited, section: path,
                      summary: "section \"\(section.title)\" edited: " + parts.joined(separator: ", ") + (counts.count > 4 ? ", …" : ""),
                      level: level, isHidden: changes.allSatisfy(\.isHidden))
    }

    /// "item added" from `listItem.added`: noun first, so counts read "3 items added".
    private static func phrase(_ kind: Change.Kind) -> String {
        let parts = kind.rawValue.split(separator: ".").map(String.init)
        guard parts.count == 2 else { return kind.rawValue }
        let noun: String
        switch parts[0] {
        case "listItem": noun = "item"
        case "tableRow": noun = "row"
        case "block": noun = "block"
        case "code": noun = "code-block"
        default: noun = parts[0]
        }
        let verb: String
        switch parts[1] {
        case "targetChanged": verb = "retargeted"
        case "textChanged": verb = "reworded"
        case "sourceChanged": verb = "replaced"
        case "altChanged": verb = "redescribed"
        default: verb = parts[1]
        }
        return noun + " " + verb
    }

    /// Most of the body replaced: little in common, and not merely content cut (or added), where the rest stayed.
    private static func isReplaced(_ old: WordSet, _ new: WordSet, options: DiffOptions) -> Bool {
        TextMetrics.jaccard(old, new) < options.rewriteThreshold && TextMetrics.overlap(old, new) < DiffOptions.cutOverlap
    }

    /// At least half of the old blocks survive unchanged: cannot be "most of the body replaced", and answers
    /// the question for a large section without collecting its words.
    private static func mostBlocksKept(_ a: [Block], _ b: [Block]) -> Bool {
        guard a.count >= 4 else { return false }
        var keys: [String: Int] = [:]
        for block in b { keys[block.key, default: 0] += 1 }
        var kept = 0
        for block in a {
            if let count = keys[block.key], count > 0 { keys[block.key] = count - 1; kept += 1 }
        }
        return kept * 2 >= a.count
    }

    /// Same blocks by comparison key: the section's text did not change (its formatting may have).
    ///
    /// Walks indices and reads fields in place: `zip` would copy every `Block` (a dozen reference-counted fields)
    /// for a check that usually passes over a whole unchanged page.
    private static func sameBody(_ a: [Block], _ b: [Block]) -> Bool {
        guard a.count == b.count else { return false }
        if sameStorage(a, b) { return true }
        for k in a.indices {
            if a[k].kind != b[k].kind || a[k].key != b[k].key || a[k].items.count != b[k].items.count { return false }
            if a[k].items.isEmpty { continue }
            let x = a[k].items, y = b[k].items
            for m in x.indices where x[m].key != y[m].key { return false }
        }
        return true
    }

    /// Blocks equal in everything a reader could see (only source line numbers may differ): the common case
    /// on a large page, answered without building any pairing.
    /// Indices, not `zip`, for the same reason as `sameBody`.
    static func identicalBlocks(_ a: [Block], _ b: [Block]) -> Bool {
        guard a.count == b.count else { return false }
        if sameStorage(a, b) { return true }
        for k in a.indices where !identicalBlock(a, k, b, k) { return false }
        return true
    }

    /// `a[k]` and `b[l]` equal in everything a reader could see, read in place.
    static func identicalBlock(_ a: [Block], _ k: Int, _ b: [Block], _ l: Int) -> Bool {
        guard a[k].kind == b[l].kind, a[k].isHidden == b[l].isHidden, a[k].text == b[l].text,
              a[k].attribution == b[l].attribution, a[k].language == b[l].language, a[k].rows == b[l].rows,
              a[k].items.count == b[l].items.count,
              sameLinks(a[k].links, b[l].links), sameImages(a[k].images, b[l].images) else { return false }
        if a[k].items.isEmpty { return true }
        let x = a[k].items, y = b[l].items
        for m in x.indices {
            guard x[m].text == y[m].text, x[m].depth == y[m].depth, x[m].isChecked == y[m].isChecked,
                  x[m].isHidden == y[m].isHidden,
                  sameLinks(x[m].links, y[m].links), sameImages(x[m].images, y[m].images) else { return false }
        }
        return true
    }

    /// The two arrays are one: a version parsed reusing its neighbour shares the blocks of every section the edit
    /// left where it was, so most sections of a commit are told unchanged without reading a block.
    private static func sameStorage(_ a: [Block], _ b: [Block]) -> Bool {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress && x.count == y.count } }
    }

    private static func sameLinks(_ a: [Link], _ b: [Link]) -> Bool {
        guard a.count == b.count else { return false }
        for k in a.indices where a[k].text != b[k].text || a[k].destination != b[k].destination || a[k].isHidden != b[k].isHidden {
            return false
        }
        return true
    }

    private static func sameImages(_ a: [Image], _ b: [Image]) -> Bool {
        guard a.count == b.count else { return false }
        for k in a.indices where a[k].alt != b[k].alt || a[k].source != b[k].source || a[k].isHidden != b[k].isHidden {
            return false
        }
        return true
    }

    private static func descendants(_ document: ProfileDocument, of index: Int, where include: (Int) -> Bool) -> [Int] {
        var result: [Int] = []
        var inside: Set<Int> = [index]
        var k = index + 1
        while k < document.sections.count, let parent = document.sections[k].parent, inside.contains(parent) {
            inside.insert(k)
            if include(k) { result.append(k) }
            k += 1
        }
        return result
    }

    private mutating func emitAdded(_ document: ProfileDocument, _ j: Int, newToOld: [Int?], words: WordSet) {
        let section = document.sections[j]
        let children = Self.descendants(document, of: j) { newToOld[$0] == nil }
        var census = Describe.census(section.blocks)
        if !children.isEmpty { census += ", " + TextMetrics.count(children.count, "subsection") }
        let path = document.path(of: j)
        addedSections.append(SectionRecord(changeIndex: changes.count, identity: Self.identity(section), words: words,
                                           title: section.title, path: path, isHidden: section.isHidden))
        emit(Change(kind: .sectionAdded, section: path,
                    summary: "\(section.isHidden ? "hidden " : "")section \"\(section.title)\" added (\(census))",
                    level: section.isHidden ? .minor : .major, after: section.title, isHidden: section.isHidden))
    }

    private mutating func emitRemoved(_ document: ProfileDocument, _ i: Int, oldToNew: [Int?], words: WordSet) {
        let section = document.sections[i]
        let children = Self.descendants(document, of: i) { oldToNew[$0] == nil }
        var census = Describe.census(section.blocks)
        if !children.isEmpty { census += ", " + TextMetrics.count(children.count, "subsection") }
        let path = document.path(of: i)
        removedSections.append(SectionRecord(changeIndex: changes.count, identity: Self.identity(section), words: words,
                                             title: section.title, path: path, isHidden: section.isHidden))
        emit(Change(kind: .sectionRemoved, section: path,
                    summary: "\(section.isHidden ? "hidden " : "")section \"\(section.title)\" removed (\(census))",
                    level: section.isHidden ? .minor : .major, before: section.title, isHidden: section.isHidden))
    }

    private mutating func emitPair(_ old: ProfileDocument, _ i: Int, _ new: ProfileDocument, _ j: Int, relation: Relation, moved: Bool) {
        // The two sections are read in place: copies of them (a retain and a release of each of their fields) were
        // most of this function's work over the unchanged sections of a page.
        old.sections.withUnsafeBufferPointer { olds in
            new.sections.withUnsafeBufferPointer { news in
                emitPair(olds.baseAddress! + i, news.baseAddress! + j, in: new, at: j, relation: relation, moved: moved)
            }
        }
    }

    private mutating func emitPair(_ before: UnsafePointer<Section>, _ after: UnsafePointer<Section>, in new: ProfileDocument, at j: Int,
                                   relation: Relation, moved: Bool) {
        // Most paired sections are unchanged and emit nothing: the path is only built for a change.
        var cachedPath: [String]?
        func path() -> [String] {
            if let cachedPath { return cachedPath }
            let built = new.path(of: j)
            cachedPath = built
            return built
        }
        let hidden = after.pointee.isHidden
        if moved {
            let place = j > 0 && !new.sections[j - 1].isIntro ? "after \"\(new.sections[j - 1].title)\"" : "to the top"
            emit(Change(kind: .sectionMoved, section: path(), summary: "section \"\(after.pointee.title)\" moved \(place)",
                        level: hidden ? .trivial : .minor, isHidden: hidden))
        }
        if before.pointee.isHidden != after.pointee.isHidden {
            emit(Change(kind: after.pointee.isHidden ? .sectionHidden : .sectionUnhidden, section: path(),
                        summary: "section \"\(after.pointee.title)\" \(after.pointee.isHidden ? "commented out" : "uncommented")",
                        level: .minor, isHidden: true))
        }
        switch relation {
        case .rewritten:
            let counts = "(\(Describe.census(before.pointee.blocks)) → \(Describe.census(after.pointee.blocks)))"
            let summary = Self.identity(before.pointee) == Self.identity(after.pointee)
                ? "section \"\(after.pointee.title)\" rewritten \(counts)"
                : "\"\(before.pointee.title)\" rewritten as \"\(after.pointee.title)\" \(counts)"
            emit(Change(kind: .sectionRewritten, section: path(), summary: summary, level: hidden ? .minor : .major,
                        before: before.pointee.title, after: after.pointee.title, isHidden: hidden))
            return
        case .renamed:
            emit(Change(kind: .sectionRenamed, section: path(), summary: "section \"\(before.pointee.title)\" renamed to \"\(after.pointee.title)\"",
                        level: hidden ? .trivial : .minor, before: before.pointee.title, after: after.pointee.title, isHidden: hidden))
        case .same:
            if before.pointee.title != after.pointee.title {
                if ComparisonKey.normalize(before.pointee.title) == ComparisonKey.normalize(after.pointee.title) {
                    emit(Change(kind: .formatting, section: path(), summary: "heading \"\(after.pointee.title)\" restyled", level: .formatting,
                                before: before.pointee.title, after: after.pointee.title))
                } else {
                    emit(Change(kind: .sectionRenamed, section: path(), summary: "heading \"\(before.pointee.title)\" → \"\(after.pointee.title)\"",
                                level: .trivial, before: before.pointee.title, after: after.pointee.title, isHidden: hidden))
                }
            }
        }
        if before.pointee.level != after.pointee.level && !before.pointee.isIntro && !after.pointee.isIntro {
            emit(Change(kind: .sectionEdited, section: path(),
                        summary: "section \"\(after.pointee.title)\" heading level \(before.pointee.level) → \(after.pointee.level)",
                        level: hidden ? .trivial : .minor, before: String(before.pointee.level), after: String(after.pointee.level), isHidden: hidden))
        }
        if Self.identicalBlocks(before.pointee.blocks, after.pointee.blocks) { return }
        var blocks = BlockDiff(old: before.pointee.blocks, new: after.pointee.blocks, path: path(), options: options,
                               hiddenFlagFollowsSection: before.pointee.isHidden != after.pointee.isHidden)
        let inner = blocks.changes()
        let shown = inner.filter { $0.change.level != .formatting || options.includeFormatting }
        if shown.count > options.maxChangesPerSection {
            emit(Self.summarised(shown.map(\.change), section: after.pointee, path: path()))
        } else {
            for (change, tag) in inner { emit(change, loose: tag) }
        }
    }
}
