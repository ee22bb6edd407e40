#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The OS user running the program. An SSH login is the authentication (peer
/// authentication, as PostgreSQL does it), so this name is what maps to an account.
public enum OperatingSystemUser {
    public static func current() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid\(geteuid())"
    }
}
