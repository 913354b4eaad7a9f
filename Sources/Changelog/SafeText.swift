/// Makes characters that a reader cannot see, or that a terminal or renderer would act on, visible as text.
///
/// Page content, commit messages, author names and paths come from whoever wrote the pull request; one shared
/// classification keeps the terminal, Markdown and GitHub outputs from disagreeing about what is dangerous.
enum VisibleText {
    /// How line breaks and tabs inside one field are shown.
    enum Breaks {
        /// `\n`, `\t`, `\r` as two visible characters (terminal: the field stays on its line, and the reader sees that it had a break).
        case escaped
        /// A space (Markdown: a break would end the bullet or open a new block).
        case space
    }

    /// True for scalars that are never passed through as they are.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        if v < 0x061C { return false }
        return isInvisibleFormat(v)
    }

    /// Bidirectional controls (Trojan Source), zero-width and other invisible format characters.
    static func isInvisibleFormat(_ v: UInt32) -> Bool {
        switch v {
        case 0x061C, 0x180E, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064, 0x2066...0x2069,
             0xFEFF, 0xFFF9...0xFFFB, 0xE0000...0xE007F:
            return true
        default:
            return false
        }
    }

    /// `<U+202E>`: the code point spelled out, as Unicode charts name it.
    static func spelled(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// Returns `text` with every unsafe scalar replaced; text without any comes back unchanged (no copy).
    ///
    /// Joiners (U+200C, U+200D) are kept where writing systems need them: between emoji (family and
    /// flag sequences) and between non-ASCII letters (Persian, Indic scripts). Tag characters are kept
    /// only inside an emoji tag sequence (subdivision flags). Everywhere else they are made visible,
    /// which is where they hide text (ASCII smuggling) or reorder it (Trojan Source).
    static func make(_ text: String, breaks: Breaks) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count + 16)
        var inTagSequence = false
        for (i, scalar) in scalars.enumerated() {
            let v = scalar.value
            guard isUnsafe(scalar) else {
                out.append(scalar)
                inTagSequence = v == 0x1F3F4
                continue
            }
            let previous = i > 0 ? scalars[i - 1] : nil
            let next = i + 1 < scalars.count ? scalars[i + 1] : nil
            if (v == 0x200C || v == 0x200D), let previous, let next, joins(previous, next) {
                out.append(scalar)
                continue
            }
            if (0xE0020...0xE007F).contains(v), inTagSequence {
                out.append(scalar)
                if v == 0xE007F { inTagSequence = false }
                continue
            }
            inTagSequence = false
            switch (v, breaks) {
            case (0x0A, .escaped): out.append(contentsOf: "\\n".unicodeScalars)
            case (0x09, .escaped): out.append(contentsOf: "\\t".unicodeScalars)
            case (0x0D, .escaped): out.append(contentsOf: "\\r".unicodeScalars)
            case (0x0A, .space), (0x09, .space), (0x0D, .space), (0x2028, .space), (0x2029, .space):
                out.append(" ")
            default: out.append(contentsOf: spelled(scalar).unicodeScalars)
            }
        }
        return String(out)
    }

    private static func joins(_ previous: Unicode.Scalar, _ next: Unicode.Scalar) -> Bool {
        func emojiSide(_ s: Unicode.Scalar) -> Bool {
            (s.value > 0xFF && s.properties.isEmoji) || s.value == 0xFE0F
        }
        func letterSide(_ s: Unicode.Scalar) -> Bool {
            guard s.value > 0x7F else { return false }
            if s.properties.isAlphabetic { return true }
            switch s.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return false
            }
        }
        return (emojiSide(previous) && emojiSide(next)) || (letterSide(previous) && letterSide(next))
    }
}

/// The one gate through which every untrusted string reaches a terminal.
public enum TerminalSafe {
    /// Replaces C0 and C1 controls, ESC and DEL (so no escape sequence from content reaches the terminal),
    /// shows line breaks and tabs inside a field as `\n` and `\t` (only the renderer's own structure breaks lines),
    /// and spells out bidirectional overrides and zero-width characters as `<U+202E>`.
    public static func escape(_ text: String) -> String {
        VisibleText.make(text, breaks: .escaped)
    }
}

/// Escaping for GitHub-flavoured Markdown and for the HTML that GitHub comments allow, so page content shows
/// as the text it is and never as markup.
///
/// Mentions: `@name` and issue references `#123` are defused by inserting `&#8203;` (a zero-width space written
/// as an entity) after the `@` or `#`. GitHub resolves mentions and references on the rendered text, where the
/// zero-width space sits between the sign and the name, so nothing links and nobody is notified; it is the
/// approach Renovate and Dependabot use in their pull-request bodies. The reader sees `@someone` unchanged.
public enum MarkdownSafe {
    static let zeroWidthEntity = "&#8203;"

    /// Inline Markdown text (a bullet, a heading, a bold page name): backslash-escapes every character that
    /// could start emphasis, code, a link or image, a table cell or strikethrough; `<`, `>`, `&` become entities
    /// (no raw HTML, no entity smuggled in from content); a block marker at the start is escaped; line breaks
    /// become spaces so a field never leaves its line.
    public static func inline(_ text: String) -> String {
        let visible = VisibleText.make(text, breaks: .space)
        let scalars = Array(visible.unicodeScalars.drop(while: { $0 == " " }))
        var out = ""
        out.reserveCapacity(scalars.count + 8)
        var i = 0
        // A leading ordered-list marker (`1.`, `12)`) would turn the field into a nested list.
        var leadingDigits = 0
        while leadingDigits < scalars.count, ("0"..."9").contains(scalars[leadingDigits]) { leadingDigits += 1 }
        let orderedMarkerAt = leadingDigits > 0 && leadingDigits < scalars.count
            && (scalars[leadingDigits] == "." || scalars[leadingDigits] == ")") ? leadingDigits : -1
        while i < scalars.count {
            let s = scalars[i]
            let next = i + 1 < scalars.count ? scalars[i + 1] : nil
            switch s {
            case "\\", "*", "_", "`", "[", "]", "|", "~":
                out += "\\"
                out.unicodeScalars.append(s)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "#" where i == 0:
                out += "\\#"
            case "-" where i == 0, "+" where i == 0, "=" where i == 0:
                out += "\\"
                out.unicodeScalars.append(s)
            case "." where i == orderedMarkerAt, ")" where i == orderedMarkerAt:
                out += "\\"
                out.unicodeScalars.append(s)
            default:
                out.unicodeScalars.append(s)
            }
            if defuses(s, next: next) { out += zeroWidthEntity }
            i += 1
        }
        return out
    }

    /// Text inside an HTML element (`<summary>`): HTML entities for `& < > "`, and also for the Markdown punctuation
    /// `` ` * _ [ ] \ ~ | `` (a numeric character reference is literal text to HTML and to Markdown alike, so the
    /// text is inert whether or not GitHub runs Markdown inside the element); mentions and references defused,
    /// invisible characters spelled out, breaks as spaces.
    public static func html(_ text: String) -> String {
        let visible = VisibleText.make(text, breaks: .space)
        let scalars = Array(visible.unicodeScalars)
        var out = ""
        out.reserveCapacity(scalars.count + 8)
        for (i, s) in scalars.enumerated() {
            switch s {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "`", "*", "_", "[", "]", "\\", "~", "|":
                out += "&#\(s.value);"
            default: out.unicodeScalars.append(s)
            }
            if defuses(s, next: i + 1 < scalars.count ? scalars[i + 1] : nil) { out += zeroWidthEntity }
        }
        return out
    }

    /// `@name` would ping a user or team, `#12` would cross-reference an issue (and notify its subscribers).
    private static func defuses(_ s: Unicode.Scalar, next: Unicode.Scalar?) -> Bool {
        guard let next else { return false }
        switch s {
        case "@": return next.properties.isAlphabetic || ("0"..."9").contains(next) || next == "_" || next == "-"
        case "#": return ("0"..."9").contains(next)
        default: return false
        }
    }
}
