import AnSinhCore

/// What a user reads and types for a hotline topic: its label in their language, with its
/// group's label when another topic has the same one ("Khác (Bạo lực)"). Never its code:
/// the code stays between the server and the database.
struct TopicNames {
    private var names: [String: String] = [:]
    /// Folded names in both languages (and codes, for the API's habits) → topic code.
    private(set) var index: [String: String] = [:]

    init(_ topics: [HotlineTopic], _ t: Localizer) {
        let groups = Dictionary(topics.filter { $0.parentCode == nil }.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let children = topics.filter { $0.parentCode != nil }
        func qualified(_ topic: HotlineTopic, vi: Bool) -> String {
            let label = vi ? topic.labelVI : topic.labelEN
            guard let group = topic.parentCode.flatMap({ groups[$0] }) else { return label }
            return "\(label) (\(vi ? group.labelVI : group.labelEN))"
        }
        var seen: [String: Int] = [:]
        for topic in children { for label in [topic.labelVI, topic.labelEN] { seen[VietnameseText.fold(label), default: 0] += 1 } }
        let shared = { (label: String) in (seen[VietnameseText.fold(label)] ?? 0) > 1 }
        for topic in children {
            let mine = t.language == .vi ? topic.labelVI : topic.labelEN
            names[topic.id!] = shared(mine) ? qualified(topic, vi: t.language == .vi) : mine
            // A plain label that two topics share names neither: only the qualified form does.
            var keys = [topic.id!, qualified(topic, vi: true), qualified(topic, vi: false)]
            keys += [topic.labelVI, topic.labelEN].filter { !shared($0) }
            for key in keys { index[VietnameseText.fold(key)] = topic.id! }
        }
    }

    /// The name shown for a code; an unknown code (a topic since removed) is shown as stored.
    func name(_ code: String) -> String { names[code] ?? code }

    /// The code for what was typed or chosen; nil when it names no topic.
    func code(for typed: String) -> String? { index[VietnameseText.fold(typed)] }
}
