import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `--no-pager`: shared by every subcommand, and accepted before the subcommand's name as git accepts it.
struct PagerOptions: ParsableArguments {
    @Flag(name: [.customShort("P"), .customLong("no-pager")],
          help: "Do not page output on a terminal (PROFILE_DIFF_PAGER or PAGER, else less).")
    var noPager = false

    /// Pages standard output from here on, unless told not to or it is not a terminal.
    func start() {
        if !noPager { Pager.start() }
    }
}

/// Sends standard output through a pager when it is a terminal, as `git log` does: a whole history scrolls past
/// otherwise. With less's `FRX` (git's default too) output that fits on one screen is printed as it would be without
/// a pager, and colour goes through. The pager is PROFILE_DIFF_PAGER, then PAGER, then `less`; empty or `cat` means
/// none. GIT_PAGER and core.pager are not read: they often name a diff highlighter (delta, diff-so-fancy), which
/// would try to read profile-diff's output as a patch.
///
/// The process waits for the pager before it exits, and when a signal ends it, so the shell's prompt never comes back
/// under a pager that still owns the terminal.
enum Pager {
    /// The pager's process id, read by the exit and signal handlers (C callbacks, which capture nothing).
    nonisolated(unsafe) private static var child: pid_t = 0

    /// The command to run, or nil for no pager. Left to choose on a dumb terminal (an editor's shell buffer), where
    /// less stops to warn that the terminal is not fully functional, it chooses none.
    static func command(environment: [String: String]) -> String? {
        guard let chosen = environment["PROFILE_DIFF_PAGER"] ?? environment["PAGER"] else {
            return environment["TERM"] == "dumb" ? nil : "less"
        }
        let command = chosen.trimmingCharacters(in: .whitespaces)
        return command.isEmpty || command == "cat" ? nil : command
    }

    /// Starts the pager and points standard output (and standard error, when it is the same kind of terminal) at it.
    /// Does nothing when standard output is not a terminal or the pager cannot be started: output then goes where it
    /// would have gone.
    static func start(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard child == 0, isatty(STDOUT_FILENO) == 1, let command = command(environment: environment) else { return }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        let (readEnd, writeEnd) = (ends[0], ends[1])

        // A bare program name runs directly, so one that is not installed is noticed here and not paged through;
        // anything else (`less -S`, a pipeline) goes through the shell, as git does.
        let isBareName = command.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")
        }
        let arguments = isBareName ? [command] : ["/bin/sh", "-c", command]
        var pagerEnvironment = environment
        if pagerEnvironment["LESS"] == nil { pagerEnvironment["LESS"] = "FRX" }
        if pagerEnvironment["LV"] == nil { pagerEnvironment["LV"] = "-c" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = pagerEnvironment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
        close(readEnd)
        guard spawned == 0 else {
            close(writeEnd)
            return
        }
        dup2(writeEnd, STDOUT_FILENO)
        if isatty(STDERR_FILENO) == 1 { dup2(writeEnd, STDERR_FILENO) }
        close(writeEnd)
        child = pid
        atexit { Pager.finish(flushing: true) }
        for signal in [SIGINT, SIGHUP, SIGTERM, SIGQUIT, SIGPIPE] {
            Glibc.signal(signal, pagerSignalHandler)
        }
    }

    /// Closes the pager's input and waits for the reader to quit it. On a signal only async-signal-safe calls are
    /// made, so `print`'s buffer is flushed only on a normal exit.
    static func finish(flushing: Bool) {
        guard child > 0 else { return }
        if flushing { fflush(nil) }  // every stdio stream: `print` writes through one
        close(STDOUT_FILENO)
        close(STDERR_FILENO)
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        child = 0
    }
}

/// Waits for the pager, then dies of the signal as the process would have without one.
private func pagerSignalHandler(_ signal: Int32) {
    Pager.finish(flushing: false)
    Glibc.signal(signal, SIG_DFL)
    raise(signal)
}
