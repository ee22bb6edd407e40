/// The reducer and the screens read keys through `KeyBindings`; a keymap is what they get.
extension Keymap: KeyBindings {
    /// One line per action and description, its keys together (`<F1> ?  帮助`), in
    /// `bindings(in:)` order: the screen's own first, then global, so the bottom key line
    /// shows the screen's keys before it runs out of room.
    public func help(for context: DeskContext) -> [(keys: String, description: String)] {
        keyLine(for: context) { _ in true }
    }

    public func keyLine(for context: DeskContext, offered: (DeskAction) -> Bool) -> [(keys: String, description: String)] {
        var lines: [(action: DeskAction, keys: [String], description: String)] = []
        for binding in bindings(in: context) where offered(binding.action) {
            if let index = lines.firstIndex(where: { $0.action == binding.action && $0.description == binding.description }) {
                lines[index].keys.append(binding.key.name)
            } else {
                lines.append((binding.action, [binding.key.name], binding.description))
            }
        }
        return lines.map { (keys: $0.keys.joined(separator: " "), description: $0.description) }
    }
}
