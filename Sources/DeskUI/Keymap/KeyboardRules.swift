/// What a terminal and a text field allow a keymap to bind.
extension DeskContext {
    /// Screens where the agent types into fields most of the time (the call form, the
    /// search query, the specialist's answer): a printable character there is text, so
    /// neither the screen's section nor [global] may take it for a command.
    public var takesTypedText: Bool {
        switch self {
        case .intake, .search, .specialists, .handling: return true
        case .global, .queue, .detail, .browse, .help, .dashboard: return false
        }
    }
}

extension Key {
    /// Keys the terminal keeps for itself under the console's cbreak mode, so a binding
    /// to them could never fire and pressing them does something else entirely.
    var terminalReservation: String? {
        switch self {
        case .control("s"): return "终端的流控键（XOFF），按下会冻结屏幕"
        case .control("q"): return "终端的流控键（XON），控制台收不到"
        case .control("c"): return "终端的中断键，会直接结束控制台"
        case .control("z"): return "终端的挂起键，会把控制台挂到后台"
        default: return nil
        }
    }
}
