import ArgumentParser
import Changelog
import Foundation
import ProfileDocument
import ProfileHistory

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the outline profile-diff sees in one page: front matter, sections, blocks, links, images, quotes.",
        discussion: """
            PAGE is a file in the working tree (content/about.md), or REV:PATH for a committed revision
            (HEAD~3:content/about.md, v1.0:content/resume.md; PATH from the repository root, or ./PATH from the current directory).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var pager: PagerOptions

    @Option(help: "text (an indented outline) or json (the whole parsed document).")
    var format: Format = .text

    @Argument(help: ArgumentHelp("[REV:]PATH of the page.", valueName: "page"))
    var page: String

    func run() throws {
        do {
            let directory = repository.directory ?? FileManager.default.currentDirectoryPath
            let source = try PageSource(page, directory: directory)
            let document = ProfileDocument.parse(try source.bytes())
            pager.start()
            switch format {
            case .text:
                // Page content goes to a terminal: every line through the same escaping as the changelog.
                let outline = document.outline().split(separator: "\n", omittingEmptySubsequences: false)
                print(outline.map { TerminalSafe.escape(String($0)) }.joined(separator: "\n"), terminator: "")
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let data = try encoder.encode(document)
                FileHandle.standardOutput.write(data + Data("\n".utf8))
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw report(error)
        }
    }
}
