import Foundation
import HotlineCore

/// The shift lead's figures: today's headline rates, calls per hour, and how each
/// department stands this month (issue 6's console view).
public struct DashboardPane: Equatable, Sendable {
    public struct Figure: Equatable, Sendable {
        public var label: String
        public var numerator: Int
        public var denominator: Int
        public var rate: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }
    }

    public struct DepartmentRow: Equatable, Sendable {
        public var name: String
        public var answerOnTime: Figure
        public var satisfaction: Figure
        public var holding: Int
        public var overdue: Int
    }

    public var asOf: Date
    public var headline: [Figure]
    public var callsPerHour: [Int]
    public var departments: [DepartmentRow]
    public var openOrders: Int
    public var overdueOrders: Int
    public var awaitingCallback: Int
    public var manualCallbacks: Int
}
