import Foundation
import GRDB

/// A specialist found for a topic, with why.
public struct SpecialistMatch: Sendable, Equatable {
    public var listing: SpecialistListing
    /// The share of the topic the expertise covers, 0 < score ≤ 1 (see TopicMatcher).
    public var score: Double
    /// The expertise areas that matched, in the specialist's order.
    public var matchedExpertise: [String]
}

extension SpecialistRoster {
    /// Active specialists whose expertise matches `topic`, best first: by match score,
    /// then by three-way calls they resolved in the last `recentDays` days (the one who
    /// has been answering such calls lately), then by name. Specialists matching nothing
    /// are left out. Open to every role (phones are masked by `Specialist.phone(for:)`).
    public func find(topic: String, department: String? = nil, limit: Int = 10) throws -> [SpecialistMatch] {
        try store.read { db in
            let matcher = try TopicMatcher(topic: topic, in: db)
            guard matcher.totalWeight > 0 else { throw SpecialistError.emptyTopic }
            var request = Specialist.filter(Column("active") == true)
            if let department { request = request.filter(Column("department_id") == (try Self.departmentID(department, in: db))) }
            let specialists = try request.fetchAll(db)
            let forms = try TopicMatcher.forms(of: Set(specialists.flatMap(\.expertise)), in: db)
            var scored: [(listing: SpecialistListing, weight: Int, areas: [String])] = []
            for listing in try Self.listings(specialists, now: store.clock.now(), in: db) {
                let (weight, areas) = matcher.match(listing.specialist.expertise, forms: forms)
                if weight > 0 { scored.append((listing, weight, areas)) }
            }
            // Weights are integers over the same total, so equal matches tie exactly.
            scored.sort { a, b in
                if a.weight != b.weight { return a.weight > b.weight }
                if a.listing.recentAnswers != b.listing.recentAnswers { return a.listing.recentAnswers > b.listing.recentAnswers }
                if a.listing.specialist.name != b.listing.specialist.name { return a.listing.specialist.name < b.listing.specialist.name }
                return a.listing.specialist.id! < b.listing.specialist.id!
            }
            let total = Double(matcher.totalWeight)
            return scored.prefix(max(limit, 0)).map {
                SpecialistMatch(listing: $0.listing, score: Double($0.weight) / total, matchedExpertise: $0.areas)
            }
        }
    }
}
