import Foundation
import HotlineCore

/// The specialists screen's work against HotlineCore: finding, three-way records, drafts.
extension DeskRuntime {
    func specialists(_ effect: SpecialistsEffect) throws -> DeskResult {
        switch effect {
        case .find(let topic, let generation):
            // A failed lookup must still end "searching" for this generation, so it answers
            // with the problem instead of throwing.
            do {
                let matches = try SpecialistRoster(store: store).find(topic: topic, limit: 30)
                return .specialists(.found(generation: generation, rows: matches.map(row), problem: nil))
            } catch SpecialistError.emptyTopic {
                // Only fillers typed so far (怎么, 吗): nothing to match yet, not an error.
                return .specialists(.found(generation: generation, rows: [], problem: nil))
            } catch {
                return .specialists(.found(generation: generation, rows: [], problem: "\(error)"))
            }
        case .start(let callID, let specialist, let question):
            let record = try ThreeWayCallLog(store: store).start(callID: callID, specialistID: specialist.id, question: question,
                                                                  identity: identity)
            return .specialists(.started(RunningThreeWay(id: record.id!, specialist: specialist, question: record.question,
                                                         startedAt: record.startedAt)))
        case .finish(let id, let answer, let resolved):
            let log = ThreeWayCallLog(store: store)
            let record = try log.finish(id: id, answer: answer, resolved: resolved, identity: identity)
            let name = try log.detail(id: id, identity: identity).specialist.name
            return .specialists(.finished(FinishedThreeWay(id: id, specialistName: name, resolved: resolved, draft: nil),
                                          seconds: record.durationSeconds ?? 0))
        case .promote(let id):
            let promotion = try knowledge.promoteThreeWayAnswer(id, identity: identity)
            return .specialists(.promoted(threeWayID: id, draft: promotion.entry.externalID, department: promotion.departmentName))
        }
    }

    private func row(_ match: SpecialistMatch) -> SpecialistRow {
        let specialist = match.listing.specialist
        return SpecialistRow(id: specialist.id!, name: specialist.name, departmentCode: match.listing.department.code,
                             department: match.listing.department.name, title: specialist.title,
                             matchedExpertise: match.matchedExpertise, phone: specialist.phone(for: identity.role))
    }
}
