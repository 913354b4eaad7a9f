import ProfileDocument

/// Front-matter keys: added, removed, changed, commented out, uncommented; format switches as formatting.
enum FrontMatterDiff {
    static func changes(_ old: FrontMatter?, _ new: FrontMatter?, options: DiffOptions) -> [Change] {
        if let old, let new, old.format == new.format,
           sameEntries(old.entries, new.entries), sameEntries(old.hiddenEntries, new.hiddenEntries) { return [] }
        let ignored = options.ignoredFrontMatterKeys
        let oldEntries = (old?.entries ?? []).filter { !ignored.contains($0.key) }
        let newEntries = (new?.entries ?? []).filter { !ignored.contains($0.key) }
        let oldHidden = (old?.hiddenEntries ?? []).filter { !ignored.contains($0.key) }
        let newHidden = (new?.hiddenEntries ?? []).filter { !ignored.contains($0.key) }

        // A whole front matter block appearing or going away is one line, not one per key.
        if old == nil || new == nil, let only = new ?? old, only.entries.count + only.hiddenEntries.count > 3 {
            let keys = (new == nil ? oldEntries : newEntries).map(\.key)
            let shown = keys.prefix(4).joined(separator: ", ") + (keys.count > 4 ? ", …" : "")
            return [Change(kind: new == nil ? .frontMatterKeyRemoved : .frontMatterKeyAdded,
                           summary: "front matter \(new == nil ? "removed" : "added") (\(TextMetrics.count(keys.count, "key")): \(shown))",
                           level: .minor)]
        }

        let oldVisible = firstByKey(oldEntries)
        let newVisible = firstByKey(newEntries)
        let oldCommented = firstByKey(oldHidden)
        // A key can occur more than once (two `# date:` comments): the n-th occurrence is compared with the n-th
        // one before, so an unchanged page never reports its second copy as changed into its first.
        let oldVisibleAll = allByKey(oldEntries)
        let oldCommentedAll = allByKey(oldHidden)
        var occurrences: [String: Int] = [:]
        var hiddenOccurrences: [String: Int] = [:]

        // Each change sorts by the line it sits on in the new front matter; removals sit just after the
        // new line of the key that preceded them in the old one, so the list reads top to bottom.
        var ordered: [(slot: Int, change: Change)] = []
        func add(_ slot: Int, _ change: Change) { ordered.append((slot, change)) }

        for entry in newEntries {
            let key = entry.key
            let occurrence = occurrences[key, default: 0]
            occurrences[key] = occurrence + 1
            if let first = oldVisible[key] {
                let before = nth(oldVisibleAll, key, occurrence) ?? first
                if !sameValue(before.value, entry.value) {
                    add(entry.line * 2, Change(kind: .frontMatterKeyChanged,
                                               summary: "front matter: \(key) changed \(before.value.displayText) → \(entry.value.displayText)",
                                               level: .minor, before: before.value.displayText, after: entry.value.displayText))
                }
            } else if let before = oldCommented[key] {
                var summary = "front matter: \(key) uncommented"
                if !sameValue(before.value, entry.value) { summary += " (\(before.value.displayText) → \(entry.value.displayText))" }
                add(entry.line * 2, Change(kind: .frontMatterKeyUncommented, summary: summary, level: .minor,
                                           before: before.value.displayText, after: entry.value.displayText))
            } else {
                add(entry.line * 2, Change(kind: .frontMatterKeyAdded, summary: "front matter: \(key) added (\(entry.value.displayText))",
                                           level: .minor, after: entry.value.displayText))
            }
        }
        for entry in newHidden where newVisible[entry.key] == nil {
            let key = entry.key
            let occurrence = hiddenOccurrences[key, default: 0]
            hiddenOccurrences[key] = occurrence + 1
            if let before = oldVisible[key] {
                add(entry.line * 2, Change(kind: .frontMatterKeyCommentedOut, summary: "front matter: \(key) (\(before.value.displayText)) commented out",
                                           level: .minor, before: before.value.displayText, after: entry.value.displayText))
            } else if let first = oldCommented[key] {
                let before = nth(oldCommentedAll, key, occurrence) ?? first
                if !sameValue(before.value, entry.value) {
                    add(entry.line * 2, Change(kind: .frontMatterKeyChanged,
                                               summary: "front matter: commented-out \(key) changed \(before.value.displayText) → \(entry.value.displayText)",
                                               level: .trivial, before: before.value.displayText, after: entry.value.displayText, isHidden: true))
                }
            } else {
                add(entry.line * 2, Change(kind: .frontMatterKeyAdded, summary: "front matter: commented-out \(key) added (\(entry.value.displayText))",
                                           level: .trivial, after: entry.value.displayText, isHidden: true))
            }
        }

        // Removals: keys gone from both the visible and the commented-out entries.
        let newLineOfKey: [String: Int] = {
            var lines: [String: Int] = [:]
            for entry in newHidden { lines[entry.key] = entry.line }
            for entry in newEntries { lines[entry.key] = entry.line }
            return lines
        }()
        var anchor = 0
        for entry in (oldEntries + oldHidden.filter({ oldVisible[$0.key] == nil })).sorted(by: { $0.line < $1.line }) {
            if let line = newLineOfKey[entry.key] { anchor = line * 2; continue }
            let wasHidden = oldVisible[entry.key] == nil
            add(anchor + 1, Change(kind: .frontMatterKeyRemoved,
                                   summary: "front matter: \(wasHidden ? "commented-out " : "")\(entry.key) removed (was \(entry.value.displayText))",
                                   level: wasHidden ? .trivial : .minor, before: entry.value.displayText, isHidden: wasHidden))
        }

        if let old, let new, old.format != new.format {
            add(-1, Change(kind: .formatting, summary: "front matter: format \(old.format.rawValue) → \(new.format.rawValue)",
                           level: .formatting, before: old.format.rawValue, after: new.format.rawValue))
        }
        return ordered.enumerated().sorted { ($0.element.slot, $0.offset) < ($1.element.slot, $1.offset) }.map { $0.element.change }
    }

    /// The same keys in the same order with the same values (lines aside): the usual case, a commit that left the
    /// front matter alone. Everything below would then match each entry with its twin and report nothing, so this
    /// answers without building the lookup tables.
    private static func sameEntries(_ a: [FrontMatterEntry], _ b: [FrontMatterEntry]) -> Bool {
        guard a.count == b.count else { return false }
        for k in a.indices where a[k].key != b[k].key || !sameValue(a[k].value, b[k].value) { return false }
        return true
    }

    private static func firstByKey(_ entries: [FrontMatterEntry]) -> [String: FrontMatterEntry] {
        var result: [String: FrontMatterEntry] = [:]
        for entry in entries where result[entry.key] == nil { result[entry.key] = entry }
        return result
    }

    private static func allByKey(_ entries: [FrontMatterEntry]) -> [String: [FrontMatterEntry]] {
        var result: [String: [FrontMatterEntry]] = [:]
        for entry in entries { result[entry.key, default: []].append(entry) }
        return result
    }

    private static func nth(_ entries: [String: [FrontMatterEntry]], _ key: String, _ n: Int) -> FrontMatterEntry? {
        guard let all = entries[key], n < all.count else { return nil }
        return all[n]
    }

    /// Value equality that ignores the line numbers nested table entries carry: moving a key down
    /// a line is not a change to its value. Iterative, because values can nest deeply in hostile input.
    static func sameValue(_ a: FrontMatterValue, _ b: FrontMatterValue) -> Bool {
        var stack: [(FrontMatterValue, FrontMatterValue)] = [(a, b)]
        while let (x, y) = stack.popLast() {
            switch (x, y) {
            case (.array(let xs), .array(let ys)):
                guard xs.count == ys.count else { return false }
                stack.append(contentsOf: zip(xs, ys))
            case (.table(let xs), .table(let ys)):
                guard xs.count == ys.count else { return false }
                for (p, q) in zip(xs, ys) {
                    guard p.key == q.key else { return false }
                    stack.append((p.value, q.value))
                }
            default:
                guard x == y else { return false }
            }
        }
        return true
    }
}
