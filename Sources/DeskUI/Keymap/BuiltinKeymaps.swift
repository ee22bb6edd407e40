extension Keymap {
    /// keymaps/default.keymap as shipped (function keys). A test keeps the embedded text
    /// equal to the file and parses it cleanly, so the force here cannot fire.
    public static let builtinDefault: Keymap = builtin(BuiltinKeymapText.defaultKeymap, name: "default")

    /// keymaps/compact.keymap as shipped: the same actions without function keys.
    public static let builtinCompact: Keymap = builtin(BuiltinKeymapText.compactKeymap, name: "compact")

    /// The built-in map `desk --keymap NAME` means by a bare `default` or `compact`.
    public static func builtin(named name: String) -> Keymap? {
        switch name {
        case "default": return builtinDefault
        case "compact": return builtinCompact
        default: return nil
        }
    }

    private static func builtin(_ text: String, name: String) -> Keymap {
        do {
            return try parse(text, source: "keymaps/\(name).keymap")
        } catch {
            fatalError("内置键位 keymaps/\(name).keymap 有误（应由测试发现）：\n\(error)")
        }
    }
}
