/// Readable key names, as keymap files and the help screen write them: `<F1>`, `<C-e>`,
/// `<M-1>`, `<Enter>`, `<S-Tab>`, `<PgDn>`, `<Space>`, or a printable character (`/`, `?`, `q`).
extension Key {
    /// The canonical name: the help screen shows it and `Key(name:)` reads it back.
    public var name: String {
        switch self {
        case .character(" "): return "<Space>"
        case .character(let character): return Key.printable(character)
        case .function(let number): return "<F\(number)>"
        case .control(let letter): return "<C-\(String(letter).lowercased())>"
        case .alt(" "): return "<M-Space>"
        case .alt(let character): return "<M-\(Key.printable(character))>"
        case .enter: return "<Enter>"
        case .escape: return "<Esc>"
        case .tab: return "<Tab>"
        case .backTab: return "<S-Tab>"
        case .backspace: return "<Backspace>"
        case .delete: return "<Del>"
        case .insert: return "<Ins>"
        case .up: return "<Up>"
        case .down: return "<Down>"
        case .left: return "<Left>"
        case .right: return "<Right>"
        case .home: return "<Home>"
        case .end: return "<End>"
        case .pageUp: return "<PgUp>"
        case .pageDown: return "<PgDn>"
        }
    }

    /// Reads a key name; nil when it names no key. Bracket words are read in any case
    /// (`<pgdn>`, `<c-E>`), but a name that is not in the list is refused, never guessed.
    public init?(name: String) {
        guard case .success(let key) = KeyName.parse(name) else { return nil }
        self = key
    }

    /// A key that would type text in a field rather than run a command.
    var typesText: Bool {
        if case .character = self { return true }
        return false
    }

    /// Characters that cannot be drawn as themselves (a stray control character in a
    /// `.character`) are named by code point, so the help screen never emits them.
    private static func printable(_ character: Character) -> String {
        if KeyName.isBindableCharacter(character) { return String(character) }
        return character.unicodeScalars.map { "<U+\(String($0.value, radix: 16, uppercase: true))>" }.joined()
    }
}

/// Why a key name was refused, in words a person editing a keymap can act on.
struct KeyNameProblem: Error, Equatable, Sendable {
    let message: String
}

enum KeyName {
    /// Named keys by their lower-cased bracket word; aliases are the spellings people
    /// bring from vim, aerc and tmux, printed back in the canonical form.
    private static let words: [String: Key] = [
        "enter": .enter, "return": .enter, "cr": .enter,
        "esc": .escape, "escape": .escape,
        "tab": .tab, "s-tab": .backTab, "backtab": .backTab,
        "backspace": .backspace, "bs": .backspace,
        "del": .delete, "delete": .delete,
        "ins": .insert, "insert": .insert,
        "up": .up, "down": .down, "left": .left, "right": .right,
        "home": .home, "end": .end,
        "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown,
        "space": .character(" "),
        // A line starting with # is a comment, so the # key needs a word of its own.
        "hash": .character("#"),
    ]

    /// Ctrl letters a terminal sends as the same byte as a named key: the console can
    /// only ever see the named key, so the Ctrl spelling is read as that key.
    private static let controlAliases: [Character: Key] = ["i": .tab, "m": .enter, "j": .enter]

    static func parse(_ name: String) -> Result<Key, KeyNameProblem> {
        if name.count == 1, let character = name.first {
            guard isBindableCharacter(character) else {
                return .failure(KeyNameProblem(message: "按键名不能是空白或控制字符；空格请写 <Space>"))
            }
            return .success(.character(character))
        }
        guard name.hasPrefix("<"), name.hasSuffix(">"), name.count > 2 else {
            if case .success(let key) = parse("<\(name)>") {
                return .failure(KeyNameProblem(message: "未知按键名 \(name)；特殊键要写在尖括号里：\(key.name)"))
            }
            return .failure(KeyNameProblem(message: "未知按键名 \(name)；按键是单个字符或 <F1>、<C-e>、<M-1>、<Enter> 这样的名字"))
        }
        let body = String(name.dropFirst().dropLast())
        let lowered = body.lowercased()
        if let key = words[lowered] { return .success(key) }
        let digits = lowered.dropFirst()
        if lowered.first == "f", !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) {
            guard (1...12).contains(number), digits.first != "0" else {
                return .failure(KeyNameProblem(message: "\(name) 不存在：功能键只有 <F1>…<F12>"))
            }
            return .success(.function(number))
        }
        if lowered.hasPrefix("c-") {
            let rest = body.dropFirst(2)
            guard rest.count == 1, let letter = rest.first, letter.isASCII, letter.isLetter else {
                return .failure(KeyNameProblem(message: "\(name) 无法识别：Ctrl 只能与一个英文字母组合，如 <C-e>"))
            }
            let lower = Character(letter.lowercased())
            return .success(controlAliases[lower] ?? .control(lower))
        }
        if lowered.hasPrefix("m-") || lowered.hasPrefix("a-") {
            let rest = body.dropFirst(2)
            if rest.lowercased() == "space" { return .success(.alt(" ")) }
            // Alt keeps its case: a terminal sends Alt-x and Alt-X as different bytes.
            guard rest.count == 1, let character = rest.first, isBindableCharacter(character) else {
                return .failure(KeyNameProblem(message: "\(name) 无法识别：Alt 只能与一个字符组合，如 <M-1>、<M-x>"))
            }
            return .success(.alt(character))
        }
        if lowered.hasPrefix("s-") {
            return .failure(KeyNameProblem(message: "\(name) 无法识别：Shift 只能写 <S-Tab>；大写字母请直接写该字母"))
        }
        return .failure(KeyNameProblem(message: "未知按键名 \(name)；可用 <F1>…<F12>、<C-字母>、<M-字符>、<Enter>、<Esc>、<Tab>、<S-Tab>、<Up>、<Down>、<Left>、<Right>、<Home>、<End>、<PgUp>、<PgDn>、<Backspace>、<Del>、<Ins>、<Space>、<Hash>"))
    }

    static func isBindableCharacter(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { scalar in
            !scalar.properties.isWhitespace && scalar.properties.generalCategory != .control
                && scalar.properties.generalCategory != .format
        }
    }
}
