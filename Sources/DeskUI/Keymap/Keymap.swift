/// One key bound to an action on a screen, with the words the help screen shows.
public struct KeymapBinding: Hashable, Sendable {
    public let key: Key
    public let action: DeskAction
    public let description: String
    /// Where the binding was written: the screen's own section or `.global`.
    public let context: DeskContext

    public init(key: Key, action: DeskAction, description: String, context: DeskContext) {
        self.key = key
        self.action = action
        self.description = description
        self.context = context
    }
}

/// The active key bindings: one section per screen, with [global] behind every screen.
public struct Keymap: Sendable {
    /// A line of a section. `action == nil` is an explicit `none`: the key does nothing
    /// on that screen, even where [global] binds it.
    struct Entry: Hashable, Sendable {
        var key: Key
        var action: DeskAction?
        var description: String
        var line: Int
    }

    /// Entries per context in file order; the order is the help screen's order, and the
    /// first bindings of a section are the ones the bottom key line has room for.
    var sections: [DeskContext: [Entry]]

    init(sections: [DeskContext: [Entry]]) {
        self.sections = sections
    }

    /// What `key` does on `context`'s screen: the screen's own binding first, then
    /// [global]. On screens that take typed text a printable character never reaches
    /// [global], so `/` or `?` bound there stay text in a field.
    public func action(for key: Key, in context: DeskContext) -> DeskAction? {
        if let entry = entry(for: key, in: context) { return entry.action }
        guard context != .global, !(context.takesTypedText && key.typesText) else { return nil }
        return entry(for: key, in: .global)?.action
    }

    /// Everything a key does on `context`'s screen: its own section first, then the
    /// global bindings it does not shadow; each says which section it came from, so a
    /// help screen can group them.
    public func bindings(in context: DeskContext) -> [KeymapBinding] {
        var result = (sections[context] ?? []).compactMap { binding(of: $0, in: context) }
        guard context != .global else { return result }
        for entry in sections[.global] ?? [] where self.entry(for: entry.key, in: context) == nil {
            if context.takesTypedText && entry.key.typesText { continue }
            if let binding = binding(of: entry, in: .global) { result.append(binding) }
        }
        return result
    }

    /// The keys that run `action` on `context`'s screen, in the help screen's order.
    public func keys(for action: DeskAction, in context: DeskContext) -> [Key] {
        bindings(in: context).filter { $0.action == action }.map(\.key)
    }

    /// `base` with `overlay` laid over it, section by section: a key the overlay binds
    /// (or sets to `none`) replaces the base's binding in place; new keys go at the end.
    public static func merging(base: Keymap, overlay: Keymap) -> Keymap {
        var sections = base.sections
        for (context, entries) in overlay.sections {
            var merged = sections[context] ?? []
            for entry in entries {
                if let index = merged.firstIndex(where: { $0.key == entry.key }) {
                    merged[index] = entry
                } else {
                    merged.append(entry)
                }
            }
            sections[context] = merged
        }
        return Keymap(sections: sections)
    }

    private func entry(for key: Key, in context: DeskContext) -> Entry? {
        sections[context]?.first { $0.key == key }
    }

    private func binding(of entry: Entry, in context: DeskContext) -> KeymapBinding? {
        entry.action.map { KeymapBinding(key: entry.key, action: $0, description: entry.description, context: context) }
    }
}
