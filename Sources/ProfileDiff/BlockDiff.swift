import ProfileDocument

/// Changes inside one matched section: blocks, list items, table rows, links and images.
struct BlockDiff {
    let old: [Block]
    let new: [Block]
    /// Section path of the new section, stamped on every change.
    let path: [String]
    let options: DiffOptions
    /// The section's heading was commented out or back in: its blocks followed, which is one change, already reported.
    let hiddenFlagFollowsSection: Bool

    /// Sort position inside the section: new block index, then removals after it, then finer places.
    private struct Slot: Comparable {
        var block: Int
        var removal: Int
        var part: Int
        var index: Int
        static func < (a: Slot, b: Slot) -> Bool {
            (a.block, a.removal, a.part, a.index) < (b.block, b.removal, b.part, b.index)
        }
    }

    private struct Placed {
        var slot: Slot
        var sequence: Int
        var change: Change
        var loose: Loose?
    }

    /// A block or item added or removed on its own, by identity: the page pairs one removed from a section with
    /// one added to another as a move between sections.
    struct Loose {
        var identity: String
        var added: Bool
        var isItem: Bool
        /// "paragraph \"I hold a BS…\"", "item \"Longtermism\"".
        var name: String
    }

    /// Where a link or image lives: a block, and an item of it for lists.
    private struct Location: Hashable {
        var block: Int
        var item: Int?
    }

    private struct Mention<Value> {
        var value: Value
        var key: String
        var location: Location
    }

    private var placed: [Placed] = []
    private var formattingOnly = 0
    /// New blocks/items holding a reported added link or link text change, with the texts: explains an insertion.
    private var addedLinkTexts: [Location: [String]] = [:]
    private var removedLinkTexts: [Location: [String]] = [:]

    init(old: [Block], new: [Block], path: [String], options: DiffOptions, hiddenFlagFollowsSection: Bool) {
        self.old = old
        self.new = new
        self.path = path
        self.options = options
        self.hiddenFlagFollowsSection = hiddenFlagFollowsSection
    }

    /// The changes in reading order, each with its identity when it is a whole block or item added or removed.
    mutating func changes() -> [(change: Change, loose: Loose?)] {
        let pairing = Pairing(old: old.indices.map { Self.unit(old, $0) }, new: new.indices.map { Self.unit(new, $0) },
                              threshold: options.editThreshold,
                              oldWords: { Self.words(old[$0]) }, newWords: { Self.words(new[$0]) })
        var itemPairings: [Int: Pairing] = [:]   // keyed by new block index of a paired list
        for (j, i) in pairing.newToOld.enumerated() {
            guard let i, old[i].kind == .list, new[j].kind == .list else { continue }
            itemPairings[j] = Pairing(old: old[i].items.map { Pairing.Unit(identity: $0.key, kind: 0) },
                                      new: new[j].items.map { Pairing.Unit(identity: $0.key, kind: 0) },
                                      threshold: options.editThreshold,
                                      oldWords: { TextMetrics.wordSet([old[i].items[$0].key]) },
                                      newWords: { TextMetrics.wordSet([new[j].items[$0].key]) })
        }
        let anchors = pairing.removalAnchors

        diffLinksAndImages(pairing: pairing, itemPairings: itemPairings, anchors: anchors)

        let moved = pairing.movedOld
        let rejoined = splitsAndMerges(pairing)
        // By index: `enumerated()` copied every block of the section (a dozen references retained and released).
        for j in new.indices {
            if let i = pairing.newToOld[j] {
                if let summary = rejoined.pairs[j] {
                    place(Slot(block: j, removal: 0, part: 0, index: 0),
                          Change(kind: .paragraphEdited, section: path, summary: summary, level: level(new[j].isHidden, .minor),
                                 before: old[i].text, after: new[j].text, isHidden: new[j].isHidden))
                    continue
                }
                // A block that stayed in place exactly as it was has nothing to report (its links and images are
                // compared above): most blocks of an edited section.
                let stayed = !moved.contains(i)
                if stayed && PageComparison.identicalBlock(old, i, new, j) { continue }
                pairedBlock(old: i, new: j, moved: !stayed, items: itemPairings[j])
            } else if !rejoined.newParts.contains(j) {
                place(Slot(block: j, removal: 0, part: 0, index: 0), added(new[j]), loose: Self.loose(new, j, added: true))
            }
        }
        for i in old.indices where pairing.oldToNew[i] == nil && !rejoined.oldParts.contains(i) {
            place(Slot(block: anchors[i] ?? -1, removal: 1, part: 0, index: i), removed(old[i]), loose: Self.loose(old, i, added: false))
        }
        if formattingOnly > 0 {
            place(Slot(block: Int.max, removal: 0, part: 0, index: 0),
                  Change(kind: .formatting, section: path,
                         summary: "formatting only: \(TextMetrics.count(formattingOnly, "block")) re-wrapped or restyled",
                         level: .formatting))
        }
        return placed.sorted { ($0.slot, $0.sequence) < ($1.slot, $1.sequence) }.map { ($0.change, $0.loose) }
    }

    /// A paragraph split in two (or two merged into one) is one edit, not an edit plus an addition: the halves
    /// joined give the whole, word for word.
    private func splitsAndMerges(_ pairing: Pairing) -> (pairs: [Int: String], newParts: Set<Int>, oldParts: Set<Int>) {
        var pairs: [Int: String] = [:]
        var newParts = Set<Int>(), oldParts = Set<Int>()
        for (j, paired) in pairing.newToOld.enumerated() {
            guard let i = paired, old[i].kind == .paragraph, new[j].kind == .paragraph, old[i].key != new[j].key else { continue }
            for n in [j + 1, j - 1] where new.indices.contains(n) && pairing.newToOld[n] == nil && new[n].kind == .paragraph && !newParts.contains(n) {
                let joined = n > j ? new[j].key + " " + new[n].key : new[n].key + " " + new[j].key
                if joined == old[i].key {
                    pairs[j] = "paragraph \(Describe.quoted(old[i].text, limit: 40)) split in two"
                    newParts.insert(n)
                    break
                }
            }
            if pairs[j] != nil { continue }
            for m in [i + 1, i - 1] where old.indices.contains(m) && pairing.oldToNew[m] == nil && old[m].kind == .paragraph && !oldParts.contains(m) {
                let joined = m > i ? old[i].key + " " + old[m].key : old[m].key + " " + old[i].key
                if joined == new[j].key {
                    pairs[j] = "paragraphs \(Describe.quoted(old[min(i, m)].text, limit: 30)) and \(Describe.quoted(old[max(i, m)].text, limit: 30)) merged"
                    oldParts.insert(m)
                    break
                }
            }
        }
        return (pairs, newParts, oldParts)
    }

    private mutating func place(_ slot: Slot, loose: Loose?, _ change: Change) {
        place(slot, change, loose: loose)
    }

    private mutating func place(_ slot: Slot, _ change: Change?, loose: Loose? = nil) {
        guard let change else { return }
        placed.append(Placed(slot: slot, sequence: placed.count, change: change, loose: loose))
    }

    private static func loose(_ blocks: [Block], _ k: Int, added: Bool) -> Loose? {
        if blocks[k].kind == .thematicBreak || (blocks[k].key.isEmpty && blocks[k].images.isEmpty) { return nil }
        let unit = unit(blocks, k)
        return Loose(identity: "\(unit.kind)\u{0}" + unit.identity, added: added, isItem: false,
                     name: "\(Describe.noun(blocks[k])) \(Describe.quoted(blocks[k].text, limit: 40))")
    }

    // MARK: Identity

    private static let imageOnlyKindCode = 100

    private static func kindCode(_ kind: Block.Kind) -> Int {
        switch kind {
        case .paragraph: return 0
        case .list: return 1
        case .quote: return 2
        case .code: return 3
        case .table: return 4
        case .html: return 5
        case .thematicBreak: return 6
        }
    }

    /// `blocks[k]` as the pairing sees it, its fields read in place (handing the block over copied it whole); only a
    /// paragraph with images can be image-only, so only such a block is handed to `Describe.isImageOnly`.
    private static func unit(_ blocks: [Block], _ k: Int) -> Pairing.Unit {
        let imageOnly = blocks[k].kind == .paragraph && !blocks[k].images.isEmpty && Describe.isImageOnly(blocks[k])
        let identity: String
        switch blocks[k].kind {
        case .paragraph where imageOnly: identity = blocks[k].images.map(\.source).joined(separator: "\u{1}")
        case .list: identity = blocks[k].items.map(\.key).joined(separator: "\u{1}")
        case .table: identity = blocks[k].rows.map { $0.map(ComparisonKey.normalize).joined(separator: "\u{2}") }.joined(separator: "\u{1}")
        case .code: identity = blocks[k].text
        default: identity = blocks[k].key
        }
        return Pairing.Unit(identity: identity, kind: imageOnly ? imageOnlyKindCode : kindCode(blocks[k].kind))
    }

    private static func words(_ block: Block) -> WordSet {
        switch block.kind {
        case .list: return TextMetrics.wordSet(block.items.map(\.key))
        case .table: return TextMetrics.wordSet(block.rows.map { $0.joined(separator: " ") })
        case .paragraph where Describe.isImageOnly(block):
            return TextMetrics.wordSet(block.images.map(\.alt) + block.images.map(\.source))
        default: return TextMetrics.wordSet([block.key])
        }
    }

    // MARK: Paired blocks

    private func level(_ hidden: Bool, _ normal: Change.Level) -> Change.Level { hidden ? .trivial : normal }

    private mutating func pairedBlock(old i: Int, new j: Int, moved: Bool, items: Pairing?) {
        let before = old[i], after = new[j]
        let hidden = before.isHidden && after.isHidden
        let noun = Describe.noun(after)
        var part = 0
        func slot() -> Slot { part += 1; return Slot(block: j, removal: 0, part: 0, index: part) }

        if moved {
            let place = j == 0 ? "to the top of the section" : "after the \(Describe.noun(new[j - 1])) \(Describe.quoted(new[j - 1].text, limit: 30))"
            self.place(slot(), Change(kind: .blockMoved, section: path, summary: "\(noun) \(Describe.quoted(after.text, limit: 40)) moved \(place)",
                                 level: level(hidden, .minor), isHidden: after.isHidden))
        }
        if before.isHidden != after.isHidden && !hiddenFlagFollowsSection {
            let verb = after.isHidden ? "commented out" : "uncommented"
            place(slot(), Change(kind: Self.editKind(after), section: path,
                                 summary: "\(noun) \(Describe.quoted(after.text, limit: 40)) \(verb)", level: .minor,
                                 before: before.isHidden ? "hidden" : "visible", after: after.isHidden ? "hidden" : "visible",
                                 isHidden: true))
        }

        switch after.kind {
        case .list where before.kind == .list:
            if let items { listItems(old: before, new: after, newBlock: j, pairing: items) }
        case .table where before.kind == .table:
            tableRows(old: before, new: after, newBlock: j)
        case .code:
            if before.text == after.text, (before.language ?? "") != (after.language ?? "") {
                place(slot(), Change(kind: .codeChanged, section: path,
                                     summary: "code block language \(before.language ?? "none") → \(after.language ?? "none")",
                                     level: level(hidden, .trivial), before: before.language, after: after.language, isHidden: hidden))
            }
            if before.text != after.text {
                let lineChanges = TextMetrics.hunks(lines(before.text), lines(after.text)) ?? []
                let added = lineChanges.reduce(0) { $0 + $1.inserted.count }
                let removed = lineChanges.reduce(0) { $0 + $1.removed.count }
                let language = after.language.map { $0.isEmpty ? "" : " (\($0))" } ?? ""
                place(slot(), Change(kind: .codeChanged, section: path, summary: "code block\(language) changed (+\(added) −\(removed) lines)",
                                     level: level(hidden, .minor), before: before.text, after: after.text, isHidden: hidden))
            }
        default:
            if before.key == after.key {
                if before.text != after.text && !Describe.isImageOnly(after) { formattingOnly += 1 }
            } else if Describe.isImageOnly(after) || after.kind == .thematicBreak {
                break  // image changes are reported from the images themselves
            } else {
                textEdit(before: before, after: after, location: (Location(block: i, item: nil), Location(block: j, item: nil)),
                         hidden: hidden, slot: slot())
            }
            if after.kind == .quote {
                let a = before.attribution.map(ComparisonKey.normalize) ?? ""
                let b = after.attribution.map(ComparisonKey.normalize) ?? ""
                if a != b {
                    let summary: String
                    switch (a.isEmpty, b.isEmpty) {
                    case (true, _): summary = "quote \(Describe.quoted(after.text, limit: 40)) now attributed to \(b)"
                    case (_, true): summary = "quote \(Describe.quoted(after.text, limit: 40)) no longer attributed to \(a)"
                    default: summary = "quote attribution \(a) → \(b)"
                    }
                    place(slot(), Change(kind: .quoteEdited, section: path, summary: summary, level: level(hidden, .minor),
                                         before: before.attribution, after: after.attribution, isHidden: hidden))
                }
            }
        }
    }

    private func lines(_ text: String) -> [Substring] {
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
    }

    private static func editKind(_ block: Block) -> Change.Kind {
        switch block.kind {
        case .paragraph, .thematicBreak: return .paragraphEdited
        case .list: return .listItemEdited
        case .quote: return .quoteEdited
        case .code: return .codeChanged
        case .table: return .tableRowEdited
        case .html: return .htmlChanged
        }
    }

    /// A paragraph, quote or HTML block whose words changed.
    private mutating func textEdit(before: Block, after: Block, location: (old: Location, new: Location), hidden: Bool, slot: Slot) {
        if after.kind == .html {
            let name = Describe.htmlName(after.text)
            let commented = hidden || (Describe.isComment(before.text) && Describe.isComment(after.text))
            place(slot, Change(kind: .htmlChanged, section: path, summary: "\(commented ? "hidden " : "")\(name) changed",
                               level: level(commented, .minor), before: before.text, after: after.text, isHidden: commented))
            return
        }
        let edit = TextMetrics.describeEdit(old: before.key, new: after.key, quoteWhole: false,
                                            linkAdded: addedLinkTexts[location.new] != nil, linkRemoved: removedLinkTexts[location.old] != nil)
        if explainedByLinks(edit, location) { return }
        let isQuote = after.kind == .quote
        let kind: Change.Kind = isQuote ? .quoteEdited : .paragraphEdited
        let subject: String
        if isQuote, let who = after.attribution, !who.isEmpty {
            subject = "quote by \(ComparisonKey.normalize(who))"
        } else {
            subject = "\(isQuote ? "quote" : "paragraph") \(Describe.quoted(after.text, limit: 40))"
        }
        let summary: String
        let changeLevel: Change.Level
        switch edit.nature {
        case .typo:
            summary = edit.description
            changeLevel = .trivial
        case .punctuation:
            summary = "punctuation changed in \(subject)"
            changeLevel = .trivial
        case .edit:
            summary = "\(subject) edited: \(edit.description)"
            changeLevel = level(hidden, .minor)
        }
        place(slot, Change(kind: kind, section: path, summary: summary, level: changeLevel,
                           before: before.text, after: after.text, isHidden: hidden))
    }

    /// An edit that only inserted (or deleted) the words of a link reported on its own is that link, not a second change.
    private func explainedByLinks(_ edit: TextMetrics.TextEdit, _ location: (old: Location, new: Location)) -> Bool {
        let added = addedLinkTexts[location.new] ?? []
        let gone = removedLinkTexts[location.old] ?? []
        if added.isEmpty && gone.isEmpty { return false }   // the usual case: no link reported here
        let inserted = TextMetrics.normalizedTitle(edit.insertedText)
        let removed = TextMetrics.normalizedTitle(edit.removedText)
        if edit.isInsertionOnly {
            return added.contains { !$0.isEmpty && inserted.contains($0) }
        }
        if edit.isDeletionOnly {
            return gone.contains { !$0.isEmpty && removed.contains($0) }
        }
        // A link whose text changed: the removed words sit in the old link text, the inserted ones in the new.
        if !added.isEmpty && !gone.isEmpty && !removed.isEmpty && !inserted.isEmpty {
            return gone.contains { $0.contains(removed) } && added.contains { $0.contains(inserted) }
        }
        return false
    }

    // MARK: List items

    private mutating func listItems(old before: Block, new after: Block, newBlock j: Int, pairing: Pairing) {
        if before.items.count >= 2, after.items.count >= 2, pairing.newToOld.allSatisfy({ $0 == nil }) {
            let hidden = before.isHidden && after.isHidden
            place(Slot(block: j, removal: 0, part: 1, index: 0),
                  Change(kind: .listReplaced, section: path,
                         summary: "list replaced (\(TextMetrics.count(before.items.count, "item")) → \(TextMetrics.count(after.items.count, "item")))",
                         level: level(hidden, .minor), before: before.text, after: after.text, isHidden: hidden))
            return
        }
        let moved = pairing.movedOld
        let anchors = pairing.removalAnchors
        let oldBlock = self.oldIndex(of: j)
        var addedItems: [(Int, ListItem)] = []
        for (k, item) in after.items.enumerated() {
            let slot = Slot(block: j, removal: 0, part: 1, index: k * 2)
            guard let m = pairing.newToOld[k] else {
                addedItems.append((k, item))
                continue
            }
            let previous = before.items[m]
            let hidden = item.isHidden && previous.isHidden || after.isHidden
            if moved.contains(m) {
                let place = k == 0 ? "to the top" : "after \(Describe.quoted(after.items[k - 1].text, limit: 30))"
                self.place(slot, Change(kind: .listItemMoved, section: path, summary: "item \(Describe.quoted(item.text, limit: 50)) moved \(place)",
                                   level: level(hidden, .minor), isHidden: hidden))
            }
            if previous.isHidden != item.isHidden && !(hiddenFlagFollowsSection || before.isHidden != after.isHidden) {
                place(slot, Change(kind: .listItemEdited, section: path,
                                   summary: "item \(Describe.quoted(item.text, limit: 50)) \(item.isHidden ? "commented out" : "uncommented")",
                                   level: .minor, isHidden: true))
            }
            if previous.isChecked != item.isChecked, let checked = item.isChecked {
                place(slot, Change(kind: .listItemEdited, section: path,
                                   summary: "item \(Describe.quoted(item.text, limit: 50)) \(checked ? "checked" : "unchecked")",
                                   level: level(hidden, .minor), isHidden: hidden))
            }
            if previous.key == item.key {
                if previous.text != item.text { formattingOnly += 1 }
                continue
            }
            let location = oldBlock.map { (old: Location(block: $0, item: m), new: Location(block: j, item: k)) }
            let edit = TextMetrics.describeEdit(old: previous.key, new: item.key, quoteWhole: true,
                                                linkAdded: location.map { addedLinkTexts[$0.new] != nil } ?? false,
                                                linkRemoved: location.map { removedLinkTexts[$0.old] != nil } ?? false)
            if let location, explainedByLinks(edit, location) { continue }
            switch edit.nature {
            case .typo:
                place(slot, Change(kind: .listItemEdited, section: path, summary: edit.description, level: .trivial,
                                   before: previous.text, after: item.text, isHidden: hidden))
            case .punctuation:
                place(slot, Change(kind: .listItemEdited, section: path, summary: "punctuation changed in item \(Describe.quoted(item.text, limit: 50))",
                                   level: .trivial, before: previous.text, after: item.text, isHidden: hidden))
            case .edit:
                let summary = edit.description.hasPrefix("\"") ? "item edited: \(edit.description)"
                    : "item \(Describe.quoted(item.text, limit: 40)) edited: \(edit.description)"
                place(slot, Change(kind: .listItemEdited, section: path, summary: summary, level: level(hidden, .minor),
                                   before: previous.text, after: item.text, isHidden: hidden))
            }
        }
        let removedItems = before.items.indices.filter { pairing.oldToNew[$0] == nil }.map { ($0, before.items[$0]) }
        placeItems(addedItems, added: true, listHidden: after.isHidden) { k in Slot(block: j, removal: 0, part: 1, index: k * 2) }
        placeItems(removedItems, added: false, listHidden: before.isHidden) { m in
            Slot(block: j, removal: 0, part: 1, index: (anchors[m] ?? -1) * 2 + 1)
        }
    }

    private func oldIndex(of newBlock: Int) -> Int? { blockPairing?.newToOld[newBlock] ?? nil }
    private var blockPairing: Pairing?

    /// Items added to (or removed from) a list: one line each, or one line for the lot when there are many.
    private mutating func placeItems(_ items: [(Int, ListItem)], added: Bool, listHidden: Bool, slot: (Int) -> Slot) {
        guard let first = items.first else { return }
        let kind: Change.Kind = added ? .listItemAdded : .listItemRemoved
        let verb = added ? "added" : "removed"
        if items.count > 3 {
            let hidden = listHidden || items.allSatisfy { $0.1.isHidden }
            let names = items.prefix(3).map { Describe.quoted($0.1.text, limit: 30) }.joined(separator: ", ")
            place(slot(first.0), Change(kind: kind, section: path, summary: "\(items.count) items \(verb): \(names), …",
                                        level: level(hidden, .minor), isHidden: hidden))
            return
        }
        for (index, item) in items {
            let hidden = listHidden || item.isHidden
            let loose = item.key.isEmpty ? nil : Loose(identity: "item\u{0}" + item.key, added: added, isItem: true,
                                                       name: "item \(Describe.quoted(item.text, limit: 50))")
            place(slot(index), loose: loose, Change(kind: kind, section: path,
                                      summary: "\(hidden ? "hidden " : "")item \(Describe.quoted(item.text, limit: 60)) \(verb)",
                                      level: level(hidden, .minor), before: added ? nil : item.text, after: added ? item.text : nil,
                                      isHidden: hidden))
        }
    }

    // MARK: Table rows

    private mutating func tableRows(old before: Block, new after: Block, newBlock j: Int) {
        func text(_ row: [String]) -> String { row.map(ComparisonKey.normalize).joined(separator: " | ") }
        let oldRows = before.rows.map(text), newRows = after.rows.map(text)
        let pairing = Pairing(old: oldRows.map { Pairing.Unit(identity: $0, kind: 0) }, new: newRows.map { Pairing.Unit(identity: $0, kind: 0) },
                              threshold: options.editThreshold,
                              oldWords: { TextMetrics.wordSet([oldRows[$0]]) }, newWords: { TextMetrics.wordSet([newRows[$0]]) })
        let hidden = before.isHidden && after.isHidden
        let anchors = pairing.removalAnchors
        for (k, row) in newRows.enumerated() {
            let slot = Slot(block: j, removal: 0, part: 1, index: k * 2)
            if let m = pairing.newToOld[k] {
                if oldRows[m] != row {
                    place(slot, Change(kind: .tableRowEdited, section: path, summary: "row edited: \"\(oldRows[m])\" → \"\(row)\"",
                                       level: level(hidden, .minor), before: oldRows[m], after: row, isHidden: hidden))
                }
            } else {
                place(slot, Change(kind: .tableRowAdded, section: path, summary: "row \"\(row)\" added", level: level(hidden, .minor),
                                   after: row, isHidden: hidden))
            }
        }
        for (m, row) in oldRows.enumerated() where pairing.oldToNew[m] == nil {
            place(Slot(block: j, removal: 0, part: 1, index: (anchors[m] ?? -1) * 2 + 1),
                  Change(kind: .tableRowRemoved, section: path, summary: "row \"\(row)\" removed", level: level(hidden, .minor),
                         before: row, isHidden: hidden))
        }
    }

    // MARK: Added and removed blocks

    private func added(_ block: Block) -> Change? { wholeBlock(block, added: true) }
    private func removed(_ block: Block) -> Change? { wholeBlock(block, added: false) }

    private func wholeBlock(_ block: Block, added: Bool) -> Change? {
        let verb = added ? "added" : "removed"
        let hidden = block.isHidden
        let prefix = hidden ? "hidden " : ""
        let changeLevel = level(hidden, .minor)
        let value = block.text
        func change(_ kind: Change.Kind, _ summary: String) -> Change {
            Change(kind: kind, section: path, summary: summary, level: changeLevel,
                   before: added ? nil : value, after: added ? value : nil, isHidden: hidden)
        }
        switch block.kind {
        case .paragraph where Describe.isImageOnly(block):
            let kind: Change.Kind = added ? .imageAdded : .imageRemoved
            if block.images.count == 1, let image = block.images.first {
                return change(kind, "\(prefix)\(Describe.image(image)) \(verb)")
            }
            return change(kind, "\(prefix)\(block.images.count) images \(verb)")
        case .paragraph:
            return change(added ? .paragraphAdded : .paragraphRemoved, "\(prefix)paragraph \(verb): \(Describe.quoted(block.text))")
        case .list:
            if block.items.count == 1, let item = block.items.first {
                return change(added ? .listItemAdded : .listItemRemoved, "\(prefix)item \(Describe.quoted(item.text)) \(verb)")
            }
            return change(added ? .listAdded : .listRemoved, "\(prefix)list \(verb) (\(TextMetrics.count(block.items.count, "item")))")
        case .quote:
            let who = block.attribution.map { " by " + ComparisonKey.normalize($0) } ?? ""
            return change(added ? .quoteAdded : .quoteRemoved, "\(prefix)quote\(who) \(verb): \(Describe.quoted(block.text, limit: 50))")
        case .code:
            let lineCount = lines(block.text).filter { !$0.isEmpty }.count
            return change(added ? .codeAdded : .codeRemoved, "\(prefix)code block \(verb) (\(TextMetrics.count(lineCount, "line")))")
        case .table:
            return change(added ? .tableRowAdded : .tableRowRemoved, "\(prefix)table \(verb) (\(TextMetrics.count(block.rows.count, "row")))")
        case .html:
            let commented = Describe.isComment(block.text)
            let name = Describe.htmlName(block.text)
            let isHidden = hidden || commented
            return Change(kind: added ? .htmlAdded : .htmlRemoved, section: path,
                          summary: "\(isHidden ? "hidden " : "")\(name) \(verb)", level: level(isHidden, .minor),
                          before: added ? nil : value, after: added ? value : nil, isHidden: isHidden)
        case .thematicBreak:
            return Change(kind: added ? .paragraphAdded : .paragraphRemoved, section: path, summary: "\(prefix)horizontal rule \(verb)",
                          level: .trivial, isHidden: hidden)
        }
    }

    // MARK: Links and images

    /// Links and images are compared across the whole section, so one that moved from one block to another
    /// is no change; what is left is reported where it lives, unless its whole block or item was added or
    /// removed (that change already says so).
    private mutating func diffLinksAndImages(pairing: Pairing, itemPairings: [Int: Pairing], anchors: [Int: Int]) {
        blockPairing = pairing
        // Raw text first (cheap, and the common case on a large page), then the formatting-blind key for what is left.
        // The same links in the same order (the usual case) leave nothing unmatched: no key is built.
        let oldLinks = Self.mentions(old, { $0[$1].links }, { $0[$1].links }), newLinks = Self.mentions(new, { $0[$1].links }, { $0[$1].links })
        func linkKey(_ mention: Mention<Link>) -> Mention<Link> { Self.rekeyed(mention, mention.value.text + "\u{0}" + mention.value.destination) }
        var (goneLinks, freshLinks) = Self.sameKeys(oldLinks, newLinks, { $0.text == $1.text && $0.destination == $1.destination })
            ? ([], []) : Self.unmatched(oldLinks.map(linkKey), newLinks.map(linkKey))
        (goneLinks, freshLinks) = Self.unmatched(goneLinks.map { Self.rekeyed($0, ComparisonKey.normalize($0.value.text) + "\u{0}" + $0.value.destination) },
                                                 freshLinks.map { Self.rekeyed($0, ComparisonKey.normalize($0.value.text) + "\u{0}" + $0.value.destination) })

        func isAbsorbed(_ location: Location, isNew: Bool) -> Bool {
            if isNew {
                if pairing.newToOld[location.block] == nil { return true }
                if let item = location.item, let items = itemPairings[location.block] { return items.newToOld[item] == nil }
                return false
            }
            guard let j = pairing.oldToNew[location.block] else { return true }
            if let item = location.item, let items = itemPairings[j] { return items.oldToNew[item] == nil }
            return false
        }
        func slot(old location: Location) -> Slot {
            if let j = pairing.oldToNew[location.block] { return Slot(block: j, removal: 0, part: 2, index: 0) }
            return Slot(block: anchors[location.block] ?? -1, removal: 1, part: 2, index: location.block)
        }
        func slot(new location: Location) -> Slot {
            if let item = location.item { return Slot(block: location.block, removal: 0, part: 1, index: item * 2) }
            return Slot(block: location.block, removal: 0, part: 2, index: 0)
        }

        // Where a gone link's block (and item) lives now: a link replaced in place keeps its place.
        func placeNow(_ location: Location) -> String? {
            guard let j = pairing.oldToNew[location.block] else { return nil }
            guard let item = location.item else { return "\(j)" }
            guard let k = itemPairings[j]?.oldToNew[item] else { return nil }
            return "\(j)/\(k)"
        }
        func placeThen(_ location: Location) -> String { location.item.map { "\(location.block)/\($0)" } ?? "\(location.block)" }

        // Same text, new destination; then same destination, new text; then both changed in the same place.
        var retargeted: [(Mention<Link>, Mention<Link>)] = []
        var retexted: [(Mention<Link>, Mention<Link>)] = []
        var replaced: [(Mention<Link>, Mention<Link>)] = []
        for match in 0..<3 {
            func key(_ mention: Mention<Link>, old: Bool) -> String? {
                switch match {
                case 0: return ComparisonKey.normalize(mention.value.text)
                case 1: return mention.value.destination
                default: return old ? placeNow(mention.location) : placeThen(mention.location)
                }
            }
            var byKey: [String: [Int]] = [:]
            for (index, mention) in goneLinks.enumerated() {
                guard let key = key(mention, old: true), !key.isEmpty else { continue }
                byKey[key, default: []].append(index)
            }
            var usedOld = Set<Int>(), usedNew = Set<Int>()
            for (index, mention) in freshLinks.enumerated() {
                guard let key = key(mention, old: false), var queue = byKey[key], let oldIndex = queue.first else { continue }
                queue.removeFirst()
                byKey[key] = queue
                usedOld.insert(oldIndex)
                usedNew.insert(index)
                switch match {
                case 0: retargeted.append((goneLinks[oldIndex], mention))
                case 1: retexted.append((goneLinks[oldIndex], mention))
                default: replaced.append((goneLinks[oldIndex], mention))
                }
            }
            goneLinks = goneLinks.enumerated().filter { !usedOld.contains($0.offset) }.map(\.element)
            freshLinks = freshLinks.enumerated().filter { !usedNew.contains($0.offset) }.map(\.element)
        }
        for (before, after) in retargeted {
            let hidden = after.value.isHidden
            place(slot(new: after.location), Change(kind: .linkTargetChanged, section: path,
                                                    summary: "link \"\(ComparisonKey.normalize(after.value.text))\" now points to \(after.value.destination)",
                                                    level: level(hidden, .minor), before: before.value.destination,
                                                    after: after.value.destination, isHidden: hidden))
        }
        for (before, after) in replaced {
            let hidden = after.value.isHidden
            let a = ComparisonKey.normalize(before.value.text), b = ComparisonKey.normalize(after.value.text)
            addedLinkTexts[after.location, default: []].append(TextMetrics.normalizedTitle(b))
            removedLinkTexts[before.location, default: []].append(TextMetrics.normalizedTitle(a))
            place(slot(new: after.location), Change(kind: .linkTargetChanged, section: path,
                                                    summary: "link \"\(a)\" → \"\(b)\", now pointing to \(after.value.destination)",
                                                    level: level(hidden, .minor), before: before.value.destination,
                                                    after: after.value.destination, isHidden: hidden))
        }
        for (before, after) in retexted {
            let hidden = after.value.isHidden
            let a = ComparisonKey.normalize(before.value.text), b = ComparisonKey.normalize(after.value.text)
            addedLinkTexts[after.location, default: []].append(TextMetrics.normalizedTitle(b))
            removedLinkTexts[before.location, default: []].append(TextMetrics.normalizedTitle(a))
            place(slot(new: after.location), Change(kind: .linkTextChanged, section: path,
                                                    summary: "link to \(after.value.destination): \"\(a)\" → \"\(b)\"",
                                                    level: level(hidden, .minor), before: a, after: b, isHidden: hidden))
        }
        for mention in freshLinks where !isAbsorbed(mention.location, isNew: true) {
            let hidden = mention.value.isHidden
            addedLinkTexts[mention.location, default: []].append(TextMetrics.normalizedTitle(mention.value.text))
            place(slot(new: mention.location), Change(kind: .linkAdded, section: path, summary: "\(Describe.link(mention.value)) added",
                                                      level: level(hidden, .minor), after: mention.value.destination, isHidden: hidden))
        }
        for mention in goneLinks where !isAbsorbed(mention.location, isNew: false) {
            let hidden = mention.value.isHidden
            removedLinkTexts[mention.location, default: []].append(TextMetrics.normalizedTitle(mention.value.text))
            place(slot(old: mention.location), Change(kind: .linkRemoved, section: path, summary: "\(Describe.link(mention.value)) removed",
                                                      level: level(hidden, .minor), before: mention.value.destination, isHidden: hidden))
        }

        // Images: same alt text with a new source is the image replaced; the rest added or removed.
        let oldImages = Self.mentions(old, { $0[$1].images }, { $0[$1].images }), newImages = Self.mentions(new, { $0[$1].images }, { $0[$1].images })
        func imageKey(_ mention: Mention<Image>) -> Mention<Image> { Self.rekeyed(mention, mention.value.alt + "\u{0}" + mention.value.source) }
        var (goneImages, freshImages) = Self.sameKeys(oldImages, newImages, { $0.alt == $1.alt && $0.source == $1.source }) ? ([], [])
            : Self.unmatched(oldImages.map(imageKey), newImages.map(imageKey))
        (goneImages, freshImages) = Self.unmatched(goneImages.map { Self.rekeyed($0, ComparisonKey.normalize($0.value.alt) + "\u{0}" + $0.value.source) },
                                                   freshImages.map { Self.rekeyed($0, ComparisonKey.normalize($0.value.alt) + "\u{0}" + $0.value.source) })
        var byAlt: [String: [Int]] = [:]
        for (index, mention) in goneImages.enumerated() { byAlt[ComparisonKey.normalize(mention.value.alt), default: []].append(index) }
        var usedOld = Set<Int>(), usedNew = Set<Int>()
        for (index, mention) in freshImages.enumerated() {
            let alt = ComparisonKey.normalize(mention.value.alt)
            guard var queue = byAlt[alt], let oldIndex = queue.first else { continue }
            // An unnamed image is "replaced" only where it sits in a block that was paired, not across the section.
            if alt.isEmpty && pairing.oldToNew[goneImages[oldIndex].location.block] != mention.location.block { continue }
            queue.removeFirst()
            byAlt[alt] = queue
            usedOld.insert(oldIndex)
            usedNew.insert(index)
            let before = goneImages[oldIndex].value, after = mention.value
            let hidden = after.isHidden
            let name = alt.isEmpty ? "image" : "image \"\(alt)\""
            place(slot(new: mention.location), Change(kind: .imageSourceChanged, section: path, summary: "\(name) now shows \(after.source)",
                                                      level: level(hidden, .minor), before: before.source, after: after.source, isHidden: hidden))
        }
        // Same source, new alt text: the description changed, the picture did not.
        var bySource: [String: [Int]] = [:]
        for (index, mention) in goneImages.enumerated() where !usedOld.contains(index) {
            bySource[mention.value.source, default: []].append(index)
        }
        for (index, mention) in freshImages.enumerated() where !usedNew.contains(index) {
            guard var queue = bySource[mention.value.source], let oldIndex = queue.first else { continue }
            queue.removeFirst()
            bySource[mention.value.source] = queue
            usedOld.insert(oldIndex)
            usedNew.insert(index)
            let before = ComparisonKey.normalize(goneImages[oldIndex].value.alt), after = ComparisonKey.normalize(mention.value.alt)
            place(slot(new: mention.location), Change(kind: .imageAltChanged, section: path,
                                                      summary: "image \(mention.value.source) alt text \"\(before)\" → \"\(after)\"",
                                                      level: .trivial, before: before, after: after, isHidden: mention.value.isHidden))
        }
        goneImages = goneImages.enumerated().filter { !usedOld.contains($0.offset) }.map(\.element)
        freshImages = freshImages.enumerated().filter { !usedNew.contains($0.offset) }.map(\.element)
        for mention in freshImages where !isAbsorbed(mention.location, isNew: true) {
            let hidden = mention.value.isHidden
            place(slot(new: mention.location), Change(kind: .imageAdded, section: path, summary: "\(Describe.image(mention.value)) added",
                                                      level: level(hidden, .minor), after: mention.value.source, isHidden: hidden))
        }
        for mention in goneImages where !isAbsorbed(mention.location, isNew: false) {
            let hidden = mention.value.isHidden
            place(slot(old: mention.location), Change(kind: .imageRemoved, section: path, summary: "\(Describe.image(mention.value)) removed",
                                                      level: level(hidden, .minor), before: mention.value.source, isHidden: hidden))
        }
    }

    /// Every link (or image) of the blocks with where it lives. For lists, items own their links; links the parser
    /// also lists on the block itself are counted once. Keys are left empty: `rekeyed` sets them where needed.
    /// The closures read one field of a block or item in place, through the buffer and an index: key paths ran
    /// through generic code, and handing the closure a block or item copied it whole (a dozen references retained,
    /// then released) to read one array.
    private static func mentions<Value: Hashable>(_ blocks: [Block], _ field: (UnsafeBufferPointer<Block>, Int) -> [Value],
                                                  _ itemField: (UnsafeBufferPointer<ListItem>, Int) -> [Value]) -> [Mention<Value>] {
        var result: [Mention<Value>] = []
        blocks.withUnsafeBufferPointer { blocks in
            for b in blocks.indices {
                let own = field(blocks, b)
                let isList = blocks[b].kind == .list
                if own.isEmpty && !isList { continue }
                let firstItemMention = result.count
                if isList {
                    blocks[b].items.withUnsafeBufferPointer { items in
                        for k in items.indices {
                            for value in itemField(items, k) {
                                result.append(Mention(value: value, key: "", location: Location(block: b, item: k)))
                            }
                        }
                    }
                }
                let fromItems = result[firstItemMention...]
                // The parser lists every link of a list's items on the block as well, in the same order unless lists
                // nest: then nothing of the block's own is left to add, told without hashing a single link.
                if own.count == fromItems.count && own.elementsEqual(fromItems.lazy.map { $0.value }) { continue }
                let seen = Set(fromItems.lazy.map { $0.value })
                for value in own where !seen.contains(value) {
                    result.append(Mention(value: value, key: "", location: Location(block: b, item: nil)))
                }
            }
        }
        return result
    }

    /// The fields a key is made of equal in the same order: the keys match one for one, so the multiset difference
    /// of `unmatched` is empty on both sides. Only those fields: a section after an edit that added lines has its
    /// links on other lines, and comparing whole values sent every such section through the keyed difference.
    private static func sameKeys<Value>(_ old: [Mention<Value>], _ new: [Mention<Value>], _ sameKey: (Value, Value) -> Bool) -> Bool {
        guard old.count == new.count else { return false }
        for k in old.indices where !sameKey(old[k].value, new[k].value) { return false }
        return true
    }

    private static func rekeyed<Value>(_ mention: Mention<Value>, _ key: String) -> Mention<Value> {
        var copy = mention
        copy.key = key
        return copy
    }

    /// Multiset difference by key: what is only in the old list and only in the new one, in order.
    private static func unmatched<Value>(_ old: [Mention<Value>], _ new: [Mention<Value>]) -> ([Mention<Value>], [Mention<Value>]) {
        var counts: [String: Int] = [:]
        for mention in old { counts[mention.key, default: 0] += 1 }
        var fresh: [Mention<Value>] = []
        for mention in new {
            if let count = counts[mention.key], count > 0 { counts[mention.key] = count - 1 } else { fresh.append(mention) }
        }
        var remaining: [String: Int] = [:]
        for mention in new { remaining[mention.key, default: 0] += 1 }
        var gone: [Mention<Value>] = []
        for mention in old {
            if let count = remaining[mention.key], count > 0 { remaining[mention.key] = count - 1 } else { gone.append(mention) }
        }
        return (gone, fresh)
    }
}
