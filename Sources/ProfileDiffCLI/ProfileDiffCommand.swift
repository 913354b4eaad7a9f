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
    /// git users write `profile-diff -C DIR show PAGE`: options before the subcommand name are moved after it,
    /// since only the subcommands declare them.
    static func main() {
        main(Self.hoistingSubcommand(Array(CommandLine.arguments.dropFirst())))
    }

    static func hoistingSubcommand(_ arguments: [String]) -> [String] {
        let names = Set(configuration.subcommands.compactMap { $0.configuration.commandName })
        let takesValue: Set<String> = ["-C", "--config"]
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
