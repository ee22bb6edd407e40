import HotlineCore

extension Keymap {
    /// Reads a keymap file's text (format: keymaps/default.keymap's header). `source`
    /// names the file in problems. Every problem of the file is reported, not the first.
    public static func parse(_ text: String, source: String) throws(KeymapError) -> Keymap {
        var parser = KeymapParser(source: source)
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        // Character.isNewline splits "\r\n" (one Character) as one line break, so files
        // saved on Windows count their lines the same way an editor does.
        for (index, line) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            parser.read(line, number: index + 1)
        }
        guard parser.problems.isEmpty else { throw KeymapError(problems: parser.problems) }
        return Keymap(sections: parser.sections)
    }
}

/// The line-by-line state of one parse: the section being read and what it has bound.
private struct KeymapParser {
    /// Unbinds a key on one screen; an overlay uses it to free a key the base binds.
    static let unbindWord = "none"

    let source: String
    var sections: [DeskContext: [Keymap.Entry]] = [:]
    var problems: [KeymapProblem] = []
    /// `nil` before the first header; `.unknown` after a bad header, where lines are
    /// still checked for bad keys and actions but bind nothing.
    var section: Section?

    enum Section {
        case known(DeskContext)
        case unknown
    }

    init(source: String) {
        self.source = source
    }

    mutating func read(_ raw: Substring, number: Int) {
        let line = raw.trimmingWhitespace()
        if line.isEmpty || line.hasPrefix("#") { return }
        if line.hasPrefix("[") {
            readHeader(line, number: number)
        } else {
            readBinding(line, number: number)
        }
    }

    private mutating func readHeader(_ line: Substring, number: Int) {
        guard line.hasSuffix("]"), line.count > 2 else {
            report(number, .malformedLine(reason: "区段标题应写作 [名称]，如 [global]"))
            section = .unknown
            return
        }
        let name = line.dropFirst().dropLast().trimmingWhitespace().lowercased()
        if let context = DeskContext(rawValue: name) {
            section = .known(context)
        } else {
            report(number, .unknownContext(name: String(line.dropFirst().dropLast().trimmingWhitespace())))
            section = .unknown
        }
    }

    private mutating func readBinding(_ line: Substring, number: Int) {
        let (keyToken, afterKey) = splitKeyToken(line)
        var rest = afterKey.trimmingWhitespace()
        guard rest.first == "=" else {
            report(number, .malformedLine(reason: "按键 \(keyToken) 后缺少 ="))
            return
        }
        rest = rest.dropFirst().trimmingWhitespace()
        let actionToken = rest.prefix { !$0.isWhitespace && $0 != ":" }
        rest = rest.dropFirst(actionToken.count).trimmingWhitespace()
        guard !actionToken.isEmpty else {
            report(number, .malformedLine(reason: "= 后缺少动作名"))
            return
        }
        var description = ""
        if !rest.isEmpty {
            guard rest.first == ":" else {
                report(number, .malformedLine(reason: "动作 \(actionToken) 后应是 : 和说明"))
                return
            }
            description = String(rest.dropFirst().trimmingWhitespace())
        }

        // Each part is checked on its own, so one line can report a bad key and a bad
        // action together.
        var key: Key?
        switch KeyName.parse(String(keyToken)) {
        case .success(let parsed): key = parsed
        case .failure(let problem): report(number, .unknownKey(name: String(keyToken), reason: problem.message))
        }
        let unbinds = actionToken.lowercased() == Self.unbindWord
        let action = DeskAction(rawValue: actionToken.lowercased())
        if action == nil && !unbinds {
            report(number, .unknownAction(name: String(actionToken), suggestion: Self.suggestion(for: String(actionToken))))
        }
        if description.isEmpty && !unbinds {
            report(number, .missingDescription)
        } else if TextSafety.needsCleaning(description) {
            report(number, .unsafeDescription)
        }
        if let key, let reason = key.terminalReservation {
            report(number, .reservedKey(key: key, reason: reason))
        }

        guard let section else {
            report(number, .bindingOutsideSection)
            return
        }
        guard case .known(let context) = section, let key else { return }
        if context.takesTypedText && key.typesText {
            report(number, .typedKeyInTextContext(key: key, context: context))
        }
        if let first = sections[context]?.first(where: { $0.key == key }) {
            report(number, .duplicateKey(key: key, context: context, firstLine: first.line))
            return
        }
        // Recorded even when the action was bad, so a later line binding the key again
        // is still reported; a file with any problem never becomes a Keymap.
        sections[context, default: []].append(Keymap.Entry(key: key, action: action, description: description, line: number))
    }

    /// The key is the first token: a bracket name without spaces (`<S-Tab>`), or a
    /// single character, which may itself be `=`, `:` or `<`.
    private func splitKeyToken(_ line: Substring) -> (Substring, Substring) {
        if line.first == "<", let close = line.firstIndex(of: ">"),
           !line[..<close].contains(where: \.isWhitespace) {
            let end = line.index(after: close)
            return (line[..<end], line[end...])
        }
        let second = line.index(after: line.startIndex)
        if second == line.endIndex || line[second].isWhitespace || line[second] == "=" {
            return (line[..<second], line[second...])
        }
        // An unbracketed word such as F1 or Enter: take it whole so the problem names it.
        let end = line.firstIndex { $0.isWhitespace || $0 == "=" } ?? line.endIndex
        return (line[..<end], line[end...])
    }

    private mutating func report(_ line: Int, _ kind: KeymapProblem.Kind) {
        problems.append(KeymapProblem(source: source, line: line, kind: kind))
    }

    /// The action name closest to a misspelling, when it is close enough to be meant.
    static func suggestion(for name: String) -> String? {
        let lowered = name.lowercased()
        // A shortened name (`answered`, `toggle`) means the one action it begins.
        let extensions = DeskAction.allCases.filter { $0.rawValue.hasPrefix(lowered) }
        if lowered.count >= 3, extensions.count == 1 { return extensions[0].rawValue }
        var best: (name: String, distance: Int)?
        for action in DeskAction.allCases {
            let distance = editDistance(Array(lowered), Array(action.rawValue))
            if distance <= min(3, max(2, action.rawValue.count / 4)), distance < (best?.distance ?? .max) {
                best = (action.rawValue, distance)
            }
        }
        return best?.name
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, left) in a.enumerated() {
            var current = [i + 1]
            for (j, right) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return self[start...last]
    }
}
