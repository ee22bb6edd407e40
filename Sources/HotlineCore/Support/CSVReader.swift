/// RFC 4180 CSV with the line number each record starts on, so that every import error
/// can say file:line. Quoted fields may hold commas, quotes ("") and line breaks.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]
}

public enum CSVError: Error, Equatable, Sendable {
    case unterminatedQuote(line: Int)
    case textAfterQuote(line: Int)
}

public enum CSVReader {
    public static func records(_ text: String) throws(CSVError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 1
        var afterQuote = false
        var iterator = text.unicodeScalars.makeIterator()
        var lookahead: Unicode.Scalar? = nil

        func nextScalar() -> Unicode.Scalar? {
            if let saved = lookahead { lookahead = nil; return saved }
            return iterator.next()
        }
        func endRecord() {
            fields.append(field)
            field = ""
            // Blank lines between records carry no data.
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields = []
        }

        while let scalar = nextScalar() {
            if inQuotes {
                if scalar == "\"" {
                    if let following = nextScalar() {
                        if following == "\"" { field.unicodeScalars.append("\""); continue }
                        lookahead = following
                    }
                    inQuotes = false
                    afterQuote = true
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !afterQuote:
                inQuotes = true
                quoteLine = line
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r":
                if let following = nextScalar(), following != "\n" { lookahead = following }
                endRecord()
                afterQuote = false
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                afterQuote = false
                line += 1
                recordLine = line
            default:
                if afterQuote {
                    if scalar == " " || scalar == "\t" { continue }
                    throw .textAfterQuote(line: line)
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty || afterQuote { endRecord() }
        return records
    }
}
