import GRDB
import GRDBSQLite

/// Registers `HanTextTokenizer` with SQLite's FTS5 as `hotline_han`. It must be added
/// to every connection before the index is touched (see `HotlineStore`).
final class HanFTS5Tokenizer: FTS5CustomTokenizer {
    static let name = "hotline_han"

    init(db: Database, arguments: [String]) {}

    func tokenize(
        context: UnsafeMutableRawPointer?,
        tokenization: FTS5Tokenization,
        pText: UnsafePointer<CChar>?,
        nText: CInt,
        tokenCallback: @escaping FTS5TokenCallback
    ) -> CInt {
        guard let pText, nText > 0 else { return SQLITE_OK }
        let mode: HanTextTokenizer.Mode = tokenization.contains(.query) ? .query : .document
        var status = SQLITE_OK
        pText.withMemoryRebound(to: UInt8.self, capacity: Int(nText)) { start in
            let bytes = UnsafeBufferPointer(start: start, count: Int(nText))
            HanTextTokenizer.scan(bytes, mode: mode) { token, _, from, to, colocated in
                token.withMemoryRebound(to: CChar.self) { chars in
                    status = tokenCallback(context, colocated ? FTS5_TOKEN_COLOCATED : 0,
                                           chars.baseAddress, CInt(chars.count), CInt(from), CInt(to))
                }
                return status == SQLITE_OK
            }
        }
        return status
    }
}
