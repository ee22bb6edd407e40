import Foundation

/// Validates and normalises a calendar date as people type it in spreadsheets
/// (2024-1-5, 2024/01/05) into `2024-01-05`; the calendar's `LocalDate` does the checking.
public enum CalendarDateText {
    public static func normalize(_ text: String) -> String? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == "-" || $0 == "/" })
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              let date = LocalDate(year: year, month: month, day: day)
        else { return nil }
        return date.iso
    }
}
