import Foundation

/// The staff register's pages and API.
enum StaffURL: PageURL {
    case list
    case new
    case edit(UUID)
    case export
    case api
    case apiMember(UUID)
    case apiCounts

    var template: String {
        switch self {
        case .list: "/staff"
        case .new: "/staff/new"
        case .edit: "/staff/:id/edit"
        case .export: "/staff/export"
        case .api: "/api/v1/staff"
        case .apiMember: "/api/v1/staff/:id"
        // Beside the other reports: under /api/v1/staff/ it would read as a member's id.
        case .apiCounts: "/api/v1/reports/staff"
        }
    }

    var path: String {
        switch self {
        case .edit(let id), .apiMember(let id): template.replacingOccurrences(of: ":id", with: id.uuidString.lowercased())
        default: template
        }
    }
}
