import Foundation

/// Finds knowledge-seed/: `--seed DIR`, else `$HOTLINE_SEED`, else the nearest
/// knowledge-seed/ above the running program (a build inside the repository) or above
/// the working directory, else the installed copy in /usr/local/share or /usr/share.
public enum SeedDirectory {
    public static func locate(explicit: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        var searched: [String] = []
        if let explicit {
            let url = URL(fileURLWithPath: explicit)
            if isSeed(url) { return url }
            throw StoreError.seedNotFound(searched: [explicit])
        }
        if let fromEnvironment = environment["HOTLINE_SEED"], !fromEnvironment.isEmpty {
            let url = URL(fileURLWithPath: fromEnvironment)
            if isSeed(url) { return url }
            searched.append(fromEnvironment)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        for start in [executable.deletingLastPathComponent(), URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] {
            var directory = start.standardizedFileURL
            while true {
                let candidate = directory.appendingPathComponent("knowledge-seed")
                if isSeed(candidate) { return candidate }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
            searched.append(start.path + " 及其上级目录")
        }
        for installed in ["/usr/local/share/hotline/knowledge-seed", "/usr/share/hotline/knowledge-seed"] {
            let url = URL(fileURLWithPath: installed)
            if isSeed(url) { return url }
            searched.append(installed)
        }
        throw StoreError.seedNotFound(searched: searched)
    }

    static func isSeed(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent("synonyms.txt").path)
    }
}
