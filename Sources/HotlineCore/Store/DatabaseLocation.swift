import Foundation

/// Where the database lives when no `--db` is given: `$HOTLINE_DB`, else
/// `$XDG_DATA_HOME/hotline/hotline.sqlite`, else `~/.local/share/hotline/hotline.sqlite`.
public enum DatabaseLocation {
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["HOTLINE_DB"], !explicit.isEmpty { return explicit }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = (home as NSString).appendingPathComponent(".local/share")
        }
        return (dataHome as NSString).appendingPathComponent("hotline/hotline.sqlite")
    }
}
