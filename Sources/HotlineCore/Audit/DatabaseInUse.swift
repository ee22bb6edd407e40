import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether another process has the database open, asked of the operating system's file
/// locks the way SQLite itself decides it: every connection to a WAL database holds a
/// read lock on the "dead man switch" byte of the `-shm` file for as long as it is
/// open (an idle console included), and a connection inside a transaction holds locks
/// on the main file's lock bytes. `F_GETLK` reports a conflicting lock without taking
/// one. Locks of the asking process itself are not reported, so the caller must not
/// have the database open.
enum DatabaseInUse {
    /// SQLite's unix VFS: the DMS byte of the shared-memory file (os_unix.c, UNIX_SHM_DMS).
    static let sharedMemoryDMSOffset: off_t = 128
    /// The main file's lock bytes: PENDING at 1 GiB, then RESERVED and the SHARED range.
    static let pendingByte: off_t = 0x4000_0000
    static let lockBytesLength: off_t = 512

    static func isInUse(_ path: String) -> Bool {
        locked(path + "-shm", start: sharedMemoryDMSOffset, length: 1)
            || locked(path, start: pendingByte, length: lockBytesLength)
    }

    private static func locked(_ path: String, start: off_t, length: off_t) -> Bool {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var probe = flock()
        probe.l_type = Int16(F_WRLCK)
        probe.l_whence = Int16(SEEK_SET)
        probe.l_start = start
        probe.l_len = length
        guard fcntl(fd, F_GETLK, &probe) == 0 else { return true }
        return probe.l_type != Int16(F_UNLCK)
    }
}
