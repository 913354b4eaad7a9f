import ArgumentParser
import Changelog
import Foundation
import GitHistory
import ProfileHistory

/// Exit codes, documented in `--help` and the README. Errors are all ≥ 2 so `--exit-code`'s 1 stays unambiguous.
enum ExitStatus: Int32 {
    case success = 0
    case changesFound = 1
    case badInput = 2
    case incomplete = 3
    case shallowBoundary = 4
    case failure = 5

    var exitCode: ExitCode { ExitCode(rawValue) }
}

/// Prints one lowercase line to standard error and returns the exit code that says what happened.
func report(_ error: Error) -> ExitCode {
    let (message, status) = classify(error)
    FileHandle.standardError.write(Data("profile-diff: \(TerminalSafe.escape(message))\n".utf8))
    return status.exitCode
}

private func classify(_ error: Error) -> (String, ExitStatus) {
    switch error {
    case let error as HistoryError:
        switch error {
        case .shallowBoundary: return (error.description, .shallowBoundary)
        default: return (error.description, .badInput)
        }
    case let error as GitError:
        switch error.code {
        case .notFound, .ambiguous, .invalidSpec, .owner: return (error.description, .badInput)
        default: return (error.description, .failure)
        }
    case let error as ConfigError:
        return (error.description, .badInput)
    case let error as InputError:
        return (error.message, .badInput)
    case let error as PageSourceError:
        return (error.message, .badInput)
    default:
        return ("\(error)", .failure)
    }
}

/// A problem with something the user named (a file, a template, a date), reported as exit status 2.
struct InputError: Error {
    var message: String
}
