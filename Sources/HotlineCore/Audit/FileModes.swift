import Foundation

/// The database and its backups hold callers' personal data: they are created 0660
/// (owner and the desk group), and `hotline check` reports any that others can read.
public struct FileModeFinding: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var mode: Int

    public var description: String {
        "\(path): 权限为 \(String(mode, radix: 8))，其他用户可以访问；应为 660（chmod 660 \(path)）"
    }
}

enum FileModes {
    static let databaseMode = 0o660

    /// Files among `paths` that exist and give others any access.
    static func exposed(_ paths: [String]) -> [FileModeFinding] {
        paths.compactMap { path in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue else { return nil }
            return mode & 0o007 != 0 ? FileModeFinding(path: path, mode: mode & 0o777) : nil
        }
    }

    /// Sets the database mode outright (creation passes through the umask).
    static func restrict(_ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: databaseMode], ofItemAtPath: path)
    }

    /// The database file with its WAL companions.
    static func databaseFiles(_ path: String) -> [String] { [path, path + "-wal", path + "-shm"] }
}
