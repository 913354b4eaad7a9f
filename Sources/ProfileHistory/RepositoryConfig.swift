import Foundation
import Yams

/// The repository's `.profile-diff.yml`: what counts as a page, what to ignore, how pages are named.
///
/// Every key is optional; an unknown key is an error naming it, because a misspelt `exlude:` that is silently
/// ignored would quietly change what the changelog covers.
public struct RepositoryConfig: Sendable, Equatable {
    /// Globs (`content/**/*.md`) that select the pages; empty means the default content set.
    public var include: [String] = []
    /// Globs removed from the selection.
    public var exclude: [String] = []
    /// Front-matter keys whose changes are noise for this site (`lastmod`).
    public var ignoreFrontMatter: [String] = []
    /// Display names by path (`content/about.md: About page`).
    public var pages: [String: String] = [:]
    public var renameThreshold: Double?
    public var rewriteThreshold: Double?

    public init() {}

    public static let fileName = ".profile-diff.yml"

    static let knownKeys = ["include", "exclude", "ignore-front-matter", "pages", "thresholds"]
    static let knownThresholds = ["rename", "rewrite"]

    /// Reads a config file; `nil` when an optional (default-location) file does not exist.
    public static func load(path: String, required: Bool) throws(ConfigError) -> RepositoryConfig? {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw ConfigError(path: path, message: "file not found") }
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, message: "not valid UTF-8")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String = fileName) throws(ConfigError) -> RepositoryConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(path: path, message: "not valid YAML: \(error)")
        }
        var config = RepositoryConfig()
        guard let root else { return config }
        guard let mapping = root.mapping else {
            throw ConfigError(path: path, message: "expected a mapping of settings at the top level")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "include": config.include = try strings(value, key: key, path: path)
            case "exclude": config.exclude = try strings(value, key: key, path: path)
            case "ignore-front-matter": config.ignoreFrontMatter = try strings(value, key: key, path: path)
            case "pages":
                guard let pages = value.mapping else {
                    throw ConfigError(path: path, message: "'pages' must map paths to display names")
                }
                for (page, name) in pages {
                    guard let page = page.string, let name = name.string else {
                        throw ConfigError(path: path, message: "'pages' must map paths to display names")
                    }
                    config.pages[page] = name
                }
            case "thresholds":
                guard let thresholds = value.mapping else {
                    throw ConfigError(path: path, message: "'thresholds' must be a mapping (rename, rewrite)")
                }
                for (nameNode, number) in thresholds {
                    let name = nameNode.string ?? ""
                    guard knownThresholds.contains(name) else {
                        throw ConfigError(path: path, message: "unknown key 'thresholds.\(name)' (known: \(knownThresholds.joined(separator: ", ")))")
                    }
                    guard let fraction = number.float, (0...1).contains(fraction) else {
                        throw ConfigError(path: path, message: "'thresholds.\(name)' must be a number from 0 to 1")
                    }
                    if name == "rename" { config.renameThreshold = fraction } else { config.rewriteThreshold = fraction }
                }
            default:
                throw ConfigError(path: path, message: "unknown key '\(key)' (known: \(knownKeys.joined(separator: ", ")))")
            }
        }
        return config
    }

    private static func strings(_ node: Node, key: String, path: String) throws(ConfigError) -> [String] {
        if let single = node.string, node.scalar != nil { return [single] }
        guard let sequence = node.sequence else {
            throw ConfigError(path: path, message: "'\(key)' must be a list of strings")
        }
        var out: [String] = []
        for item in sequence {
            guard let string = item.string else {
                throw ConfigError(path: path, message: "'\(key)' must be a list of strings")
            }
            out.append(string)
        }
        return out
    }
}

public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "config \(path): \(message)" }
}
