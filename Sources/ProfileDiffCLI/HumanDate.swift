import Foundation

/// Dates as users type them for `--since` and `--until`: ISO 8601 dates and times, or "N units ago".
enum HumanDate {
    static func parse(_ text: String, option: String, now: Date = Date()) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed == "now" || trimmed == "today" { return Int64(now.timeIntervalSince1970) }
        if trimmed == "yesterday" { return Int64(now.timeIntervalSince1970) - 86_400 }
        let words = trimmed.split(separator: " ")
        if words.count == 3, words[2] == "ago", let count = Int64(words[0]), count >= 0 {
            var unit = String(words[1])
            if unit.hasSuffix("s") { unit.removeLast() }
            let seconds: Int64? = switch unit {
            case "second": 1
            case "minute": 60
            case "hour": 3_600
            case "day": 86_400
            case "week": 604_800
            case "month": 2_629_746
            case "year": 31_556_952
            default: nil
            }
            if let seconds { return Int64(now.timeIntervalSince1970) - count * seconds }
        }
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return Int64(date.timeIntervalSince1970) }
        let dayOnly = ISO8601DateFormatter()
        dayOnly.formatOptions = [.withFullDate]
        if let date = dayOnly.date(from: text) { return Int64(date.timeIntervalSince1970) }
        throw InputError(message: "\(option): cannot read '\(text)' as a date (use 2024-02-17, 2024-02-17T10:00:00Z or \"2 weeks ago\")")
    }
}
