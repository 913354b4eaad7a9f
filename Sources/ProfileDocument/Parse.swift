extension ProfileDocument {
    /// Limits that keep parsing bounded on hostile input. The defaults are far above what a real page needs.
    public struct ParseOptions: Sendable, Hashable {
        /// Values visited while converting front matter (default 100,000). YAML aliases can make a few hundred
        /// bytes expand into billions of values; past this the keys read so far are kept and an error is reported.
        public var maxFrontMatterNodes: Int
        /// Nesting depth of front-matter values (default 64). Deeper YAML is not handed to Yams at all,
        /// because its composer recurses once per level.
        public var maxFrontMatterDepth: Int
        /// Size of the front-matter block in bytes (default 1 MiB); a larger block is reported and not parsed.
        public var maxFrontMatterBytes: Int
        /// Nesting depth of lists kept as structure (default 100). Items nested deeper are folded into the
        /// item at this depth, with a diagnostic; block quotes nested deeper are reported the same way
        /// (a quote is always read as one block, whatever its depth).
        public var maxKeptNesting: Int

        public init(maxFrontMatterNodes: Int = 100_000, maxFrontMatterDepth: Int = 64,
                    maxFrontMatterBytes: Int = 1 << 20, maxKeptNesting: Int = 100) {
            self.maxFrontMatterNodes = maxFrontMatterNodes
            self.maxFrontMatterDepth = maxFrontMatterDepth
            self.maxFrontMatterBytes = maxFrontMatterBytes
            self.maxKeptNesting = maxKeptNesting
        }
    }

    /// Parses one revision of a page. Never fails: problems become `diagnostics` and the rest is still read.
    /// Safe to call from many threads at once (every call has its own parser state).
    ///
    /// Order matters: the BOM and invalid UTF-8 are dealt with first, then front matter is split off on bytes
    /// (so md4c never sees `---` as a thematic break), then the body goes to md4c with the GitHub dialect,
    /// with source offsets kept so that every line number is a line of the original file.
    ///
    /// Choices a reader of the model should know:
    /// - Everything nested in a top-level Markdown block folds into one `Block`: a list's nested lists become
    ///   items with a greater `depth`, a quote's paragraphs and lists become its text.
    /// - The inside of an HTML comment is parsed as Markdown once (never a comment inside it), and what it holds
    ///   follows the block the comment sat in, marked hidden. A hidden heading opens a hidden section, which,
    ///   like any section, runs to the next heading in the source, visible or not.
    ///   `<!--more-->` (Hugo's summary divider) and empty comments hide nothing.
    /// - A block's `text` keeps link text and image alt text (so an image-only paragraph is not empty) and drops
    ///   markup and HTML tags; a list block's `links` and `images` include those of its items.
    /// - Headings are titles only: links inside a heading add to its title text but are not recorded as links.
    /// - Key order: YAML and JSON as written; TOML as written for keys on their own lines and `[table]` headers,
    ///   toml++'s alphabetical order for keys of inline tables.
    public static func parse(_ bytes: [UInt8], options: ParseOptions = .init()) -> ProfileDocument {
        parse(bytes, reusing: nil, options: options).document
    }

    /// Everything before the body: the encoding report, the front matter and where the body starts.
    struct Head: Sendable {
        var frontMatter: FrontMatter?
        var diagnostics: [Diagnostic] = []
        var bodyStart = 0
        /// Line of the (possibly empty) intro section.
        var introLine = 1
        var split: FrontMatterSplit?
        /// What parsing the front matter reported (a part of `diagnostics`).
        var frontMatterDiagnostics: [Diagnostic] = []

        /// `earlier` is the head of a neighbouring version: front matter with the same text at the same place
        /// parses to the same value (the premise of `FrontMatterCache`), so it is taken from there.
        init(_ source: SourceText, options: ParseOptions, earlier: ReusableParse? = nil) {
            if source.invalidUTF8Count > 0 {
                var seen = Set<Int>()
                let lines = source.invalidUTF8Lines.filter { seen.insert($0).inserted }.map(String.init).joined(separator: ", ")
                diagnostics.append(Diagnostic(severity: .warning,
                                              message: "encoding: \(source.invalidUTF8Count) invalid UTF-8 sequence\(source.invalidUTF8Count == 1 ? "" : "s") replaced with U+FFFD (line \(lines))",
                                              line: source.invalidUTF8Lines.first))
            }
            let (split, splitProblem) = FrontMatterParser.split(source)
            if let splitProblem { diagnostics.append(splitProblem) }
            self.split = split
            if let split {
                if let earlier, earlier.options == options, let same = earlier.head.split, same == split,
                   earlier.source.bytes[same.content].elementsEqual(source.bytes[split.content]) {
                    frontMatter = earlier.head.frontMatter
                    frontMatterDiagnostics = earlier.head.frontMatterDiagnostics
                } else {
                    let parsed = FrontMatterParser.parse(split, source: source, options: options)
                    frontMatter = parsed.frontMatter
                    frontMatterDiagnostics = parsed.diagnostics
                }
                diagnostics += frontMatterDiagnostics
                bodyStart = split.bodyStart
                // Front matter with no body after it: the (empty) intro sits on the closing line, not past the end of the file.
                introLine = min(split.lines.end + 1, source.lineCount)
            }
        }
    }

    /// Parses text already in memory (tests, tools); the same as parsing its UTF-8 bytes.
    public static func parse(_ text: String, options: ParseOptions = .init()) -> ProfileDocument {
        parse(Array(text.utf8), options: options)
    }
}
