/// Deterministic pseudo-random numbers (SplitMix64): the same seed gives the same repository on every machine.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// A profile page as editable parts, rendered to Markdown with YAML front matter.
struct SyntheticPage {
    struct Section {
        var title: String
        var paragraphs: [String]
        var items: [String]
        var quote: (text: String, author: String, url: String)?
    }
    var title: String
    var date: String
    var tags: [String]
    var draft: Bool
    var sections: [Section]

    func markdown() -> String {
        var out = "---\ntitle: \"\(title)\"\ndate: \(date)\ntags: [\(tags.joined(separator: ", "))]\ndraft: \(draft)\n---\n\n"
        for section in sections {
            out += "## \(section.title)\n\n"
            for paragraph in section.paragraphs { out += paragraph + "\n\n" }
            if !section.items.isEmpty {
                for item in section.items { out += "- \(item)\n" }
                out += "\n"
            }
            if let quote = section.quote {
                out += "> \"\(quote.text)\"\n>\n> — [\(quote.author)](\(quote.url))\n\n"
            }
        }
        return out
    }
}

/// Words and phrases the generated pages are made of: realistic enough for md4c and the diff to do real work.
enum Vocabulary {
    static let words = """
        engineer systems reliability data pipeline models training evaluation agents safety alignment research \
        distributed storage latency throughput metering region builds automation mentoring interns on-call \
        transformer diffusion reinforcement interpretability sparse autoencoders superposition circuits blog \
        projects open source community talks writing learning reading cooking running climbing photography
        """.split(separator: " ").map(String.init)
    static let titles = ["Professional Background", "Current Focus", "Projects", "Talks", "Writing", "Education",
                         "Skills", "Experience", "Certifications", "Open Source", "Reading List", "Hobbies",
                         "Quotes I'm thinking about", "Favorite Memes/Slides", "Connect With Me", "Teaching"]
    static let people = ["Francois Chollet", "Yann LeCun", "Will MacAskill", "Ada Lovelace", "Grace Hopper", "Alan Kay"]
    static let tags = ["ai", "safety", "systems", "hugo", "resume", "notes", "ml", "rl"]
}

extension SplitMix64 {
    mutating func sentence(words count: Int) -> String {
        var words: [String] = []
        for _ in 0..<count { words.append(pick(Vocabulary.words)) }
        guard let first = words.first else { return "" }
        words[0] = first.prefix(1).uppercased() + first.dropFirst()
        return words.joined(separator: " ") + "."
    }

    mutating func paragraph() -> String {
        var sentences: [String] = []
        for _ in 0..<(2 + below(4)) { sentences.append(sentence(words: 6 + below(10))) }
        if chance(30) {
            let word = pick(Vocabulary.words)
            sentences.append("See [\(word)](https://example.com/\(word)/\(below(1000))).")
        }
        return sentences.joined(separator: " ")
    }

    mutating func item() -> String {
        if chance(25) {
            let word = pick(Vocabulary.words)
            return "[\(word.capitalized)](https://example.org/\(word)) — " + sentence(words: 4 + below(6))
        }
        return "**\(pick(Vocabulary.words).capitalized)**: " + sentence(words: 5 + below(8))
    }

    mutating func section(titled title: String) -> SyntheticPage.Section {
        var section = SyntheticPage.Section(title: title, paragraphs: [], items: [], quote: nil)
        for _ in 0..<(1 + below(2)) { section.paragraphs.append(paragraph()) }
        if chance(70) { for _ in 0..<(2 + below(5)) { section.items.append(item()) } }
        if chance(20) {
            let author = pick(Vocabulary.people)
            section.quote = (sentence(words: 12 + below(10)), author, "https://example.net/\(below(10_000))")
        }
        return section
    }

    mutating func page(number: Int) -> SyntheticPage {
        var titles = Vocabulary.titles
        var sections: [SyntheticPage.Section] = []
        for _ in 0..<(4 + below(6)) where !titles.isEmpty {
            sections.append(section(titled: titles.remove(at: below(titles.count))))
        }
        return SyntheticPage(title: "Page \(number)", date: "2024-0\(1 + below(9))-1\(below(10))",
                             tags: [pick(Vocabulary.tags), pick(Vocabulary.tags)], draft: false, sections: sections)
    }
}
