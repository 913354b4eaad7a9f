/// ISO 8601 dates with offsets, by hand: commit times must format identically on every machine.
public enum ISO8601Time {
    public static func format(time: Int64, offsetMinutes: Int) -> String {
        let local = time + Int64(offsetMinutes) * 60
        var days = local / 86_400
        var seconds = local % 86_400
        if seconds < 0 {
            seconds += 86_400
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        let sign = offsetMinutes < 0 ? "-" : "+"
        let magnitude = abs(offsetMinutes)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
            + "\(pad(Int(seconds / 3600), 2)):\(pad(Int(seconds / 60 % 60), 2)):\(pad(Int(seconds % 60), 2))"
            + "\(sign)\(pad(magnitude / 60, 2)):\(pad(magnitude % 60, 2))"
    }

    /// Parses "2024-02-17T10:00:00-05:00", "…Z", or a date alone ("2024-02-17", midnight UTC).
    public static func parse(_ text: String) -> (time: Int64, offsetMinutes: Int)? {
        let b = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for byte in b[start..<start + count] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), b.count >= 10, b[4] == 45, let month = number(5, 2), b[7] == 45,
            let day = number(8, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0, minute = 0, second = 0, offset = 0
        if b.count > 10 {
            guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "), let h = number(11, 2), b.count > 13,
                b[13] == 58, let m = number(14, 2)
            else { return nil }
            hour = h
            minute = m
            var index = 16
            if b.count > 16, b[16] == 58 {
                guard let s = number(17, 2) else { return nil }
                second = s
                index = 19
            }
            guard hour < 24, minute < 60, second < 61 else { return nil }
            if index < b.count {
                if b[index] == UInt8(ascii: "Z"), index + 1 == b.count {
                    offset = 0
                } else if b[index] == 43 || b[index] == 45, let oh = number(index + 1, 2) {
                    var om = 0
                    if index + 3 < b.count {
                        let minuteStart = b[index + 3] == 58 ? index + 4 : index + 3
                        guard let value = number(minuteStart, 2), minuteStart + 2 == b.count else { return nil }
                        om = value
                    } else if index + 3 != b.count {
                        return nil
                    }
                    offset = (oh * 60 + om) * (b[index] == 45 ? -1 : 1)
                } else {
                    return nil
                }
            }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let local = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return (local - Int64(offset) * 60, offset)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Howard Hinnant's days_from_civil.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays value: Int64) -> (Int, Int, Int) {
        let z = value + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
