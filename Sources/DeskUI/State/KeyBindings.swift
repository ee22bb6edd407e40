/// What the reducer needs from a keymap: the action a key stands for on a screen, and
/// the lines of help for a screen.
public protocol KeyBindings: Sendable {
    func action(for key: Key, in context: DeskContext) -> DeskAction?
    /// (key names, description) for the screen's bindings, its own first, then global.
    func help(for context: DeskContext) -> [(keys: String, description: String)]
    /// The bottom key line: `help(for:)` without the actions `offered` turns down.
    func keyLine(for context: DeskContext, offered: (DeskAction) -> Bool) -> [(keys: String, description: String)]
}

extension KeyBindings {
    public func keyLine(for context: DeskContext, offered: (DeskAction) -> Bool) -> [(keys: String, description: String)] {
        help(for: context)
    }
}
