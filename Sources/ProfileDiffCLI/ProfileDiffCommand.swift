import ArgumentParser

@main
struct ProfileDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile-diff",
        abstract: "Say what changed in Markdown profile pages, in the pages' own terms.",
        discussion: """
            Reads the git history of Markdown pages (an About page, a resume, a docs landing page) and reports the sections, links, list items, quotes, images and front-matter keys that were added, removed, renamed, moved or rewritten, instead of changed lines.

            EXAMPLES
              profile-diff HEAD~5
                  The last five commits, in a terminal.
              profile-diff v1.0..v2.0 --format markdown
                  Release notes between two tags.
              profile-diff origin/main...HEAD --format github -o comment.md
                  A pull-request comment: what the branch changed.
              profile-diff --net v1.0
                  Everything since v1.0 as one net difference.
              profile-diff --worktree HEAD
                  What you have not committed yet.
              profile-diff show HEAD:content/about.md
                  The outline profile-diff sees in one revision of a page.
              profile-diff changelog --output CHANGELOG.md
                  A whole CHANGELOG.md grouped by tag.

            EXIT STATUS
              0   success (with --exit-code: no changes)
              1   with --exit-code: changes were found
              2   not a repository, unknown revision, bad config or input file
              3   some content could not be read: the rest was printed, with notes
              4   the range reaches past a shallow clone's boundary
              5   any other error
              64  invalid command-line usage
            """,
        version: ProfileDiffVersion.current,
        subcommands: [LogCommand.self, ShowCommand.self, ReleaseNotesCommand.self],
        defaultSubcommand: LogCommand.self
    )
}

extension ProfileDiffCommand {
    /// git users write `profile-diff -C DIR show PAGE` and `profile-diff --no-pager log`: options before the
    /// subcommand name are moved after it, since only the subcommands declare them.
    static func main() {
        main(Self.gitCounts(Self.hoistingSubcommand(Array(CommandLine.arguments.dropFirst()))))
    }

    /// git users write `git log -3` and `-n3`; swift-argument-parser knows neither a number as an option nor a short
    /// option's value written against it, so both become `--max-count=3` before parsing, for `log` only and not
    /// after `--` (paths) or as the value of an option that takes a number (`--max-file-size -1` stays an error).
    static func gitCounts(_ arguments: [String]) -> [String] {
        if let first = arguments.first, first != LogCommand.configuration.commandName,
           configuration.subcommands.contains(where: { $0.configuration.commandName == first }) {
            return arguments
        }
        let takesNumber: Set<String> = ["-n", "--max-count", "--max-file-size", "--rename-threshold", "--rewrite-threshold"]
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        for (index, argument) in arguments.enumerated() {
            if argument == "--" {
                result += arguments[index...]
                break
            }
            let previous = index > 0 ? arguments[index - 1] : ""
            if !takesNumber.contains(previous), let count = Self.count(in: argument) {
                result.append("--max-count=\(count)")
            } else {
                result.append(argument)
            }
        }
        return result
    }

    /// `3` from `-3` or `-n3`; nil for anything else.
    private static func count(in argument: String) -> Substring? {
        var digits = Substring(argument)
        guard digits.hasPrefix("-"), !digits.hasPrefix("--") else { return nil }
        digits.removeFirst()
        if digits.hasPrefix("n") { digits.removeFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return digits
    }

    static func hoistingSubcommand(_ arguments: [String]) -> [String] {
        let names = Set(configuration.subcommands.compactMap { $0.configuration.commandName })
        let takesValue: Set<String> = ["-C", "--config"]
        let flags: Set<String> = ["-P", "--no-pager"]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if names.contains(argument) {
                guard index > 0 else { return arguments }
                var reordered = arguments
                reordered.remove(at: index)
                reordered.insert(argument, at: 0)
                return reordered
            }
            if takesValue.contains(argument) {
                index += 2
            } else if flags.contains(argument) {
                index += 1
            } else if argument.hasPrefix("-C") || argument.hasPrefix("--config=") {
                index += 1
            } else {
                return arguments
            }
        }
        return arguments
    }
}

enum ProfileDiffVersion {
    static let current = "0.1.0"
}
