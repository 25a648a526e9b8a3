import AnSinhCore
import Foundation

/// What the audit log shows for its codes: an action's name, a record's kind, and a summary
/// with ids, roles, states and indicators said in words.
extension Localizer {
    func auditAction(_ a: AuditAction) -> String {
        switch a {
        case .loginSucceeded: pick(vi: "Đăng nhập", en: "Logged in")
        case .loginFailed: pick(vi: "Đăng nhập sai", en: "Failed login")
        case .loginLocked: pick(vi: "Khoá tài khoản sau nhiều lần sai", en: "Account locked after failed logins")
        case .loginThrottled: pick(vi: "Chặn đăng nhập tạm thời", en: "Login throttled")
        case .logout: pick(vi: "Đăng xuất", en: "Logged out")
        case .sessionExpired: pick(vi: "Hết phiên làm việc", en: "Session expired")
        case .passwordChanged: pick(vi: "Đổi mật khẩu", en: "Password changed")
        case .passwordReset: pick(vi: "Đặt lại mật khẩu", en: "Password reset")
        case .userCreated: pick(vi: "Tạo người dùng", en: "User created")
        case .userUpdated: pick(vi: "Sửa người dùng", en: "User changed")
        case .userDisabled: pick(vi: "Khoá người dùng", en: "User disabled")
        case .userEnabled: pick(vi: "Mở lại người dùng", en: "User enabled")
        case .unitCreated: pick(vi: "Tạo đơn vị", en: "Unit created")
        case .unitUpdated: pick(vi: "Sửa đơn vị", en: "Unit changed")
        case .unitDeactivated: pick(vi: "Ngừng đơn vị", en: "Unit deactivated")
        case .unitActivated: pick(vi: "Mở lại đơn vị", en: "Unit activated")
        case .tokenCreated: pick(vi: "Tạo mã truy cập API", en: "API token created")
        case .tokenRevoked: pick(vi: "Thu hồi mã truy cập API", en: "API token revoked")
        case .calendarChanged: pick(vi: "Sửa lịch làm việc", en: "Working calendar changed")
        case .backup: pick(vi: "Sao lưu", en: "Backup")
        case .restore: pick(vi: "Khôi phục", en: "Restore")
        case .hotlineLineCreated: pick(vi: "Thêm đường dây", en: "Line added")
        case .hotlineLineChanged: pick(vi: "Sửa đường dây", en: "Line changed")
        case .callCreated: pick(vi: "Ghi cuộc gọi", en: "Call recorded")
        case .callUpdated: pick(vi: "Sửa cuộc gọi", en: "Call changed")
        case .callUndone: pick(vi: "Hoàn tác cuộc gọi", en: "Call undone")
        case .exported: pick(vi: "Xuất dữ liệu", en: "Export")
        case .callerRevealed: pick(vi: "Xem thông tin người gọi", en: "Caller revealed")
        case .topicChanged: pick(vi: "Sửa chủ đề tổng đài", en: "Hotline topic changed")
        case .questionAsked: pick(vi: "Gửi hội đồng chuyên gia", en: "Question to an expert")
        case .questionUpdated: pick(vi: "Cập nhật câu hỏi chuyên gia", en: "Expert question updated")
        case .handoffCreated: pick(vi: "Chuyển tiếp cuộc gọi", en: "Hand-off")
        case .handoffUpdated: pick(vi: "Cập nhật chuyển tiếp", en: "Hand-off updated")
        case .personCreated: pick(vi: "Đăng ký đối tượng", en: "Person registered")
        case .personUpdated: pick(vi: "Sửa đối tượng", en: "Person changed")
        case .personViewed: pick(vi: "Xem đối tượng", en: "Person viewed")
        case .caseCreated: pick(vi: "Mở hồ sơ", en: "Case opened")
        case .caseMoved: pick(vi: "Chuyển bước hồ sơ", en: "Case moved")
        case .caseViewed: pick(vi: "Xem hồ sơ", en: "Case viewed")
        case .targetSet: pick(vi: "Đặt chỉ tiêu", en: "Target set")
        case .caseNoteAdded: pick(vi: "Ghi chép liên hệ", en: "Contact note")
        case .followUpDone: pick(vi: "Hoàn thành việc cần theo dõi", en: "Follow-up done")
        case .recordCreated: pick(vi: "Thêm bản ghi", en: "Record added")
        case .recordUpdated: pick(vi: "Sửa bản ghi", en: "Record changed")
        case .caseAssessed: pick(vi: "Đánh giá", en: "Assessment")
        case .planSubmitted: pick(vi: "Trình kế hoạch", en: "Plan submitted")
        case .planApproved: pick(vi: "Duyệt kế hoạch", en: "Plan approved")
        case .planReturned: pick(vi: "Trả lại kế hoạch", en: "Plan returned")
        case .attachmentAdded: pick(vi: "Thêm tài liệu", en: "Attachment added")
        case .attachmentDownloaded: pick(vi: "Tải tài liệu", en: "Attachment downloaded")
        case .caseParticipantAdded: pick(vi: "Thêm người liên quan", en: "Related person added")
        case .caseParticipantRemoved: pick(vi: "Bỏ người liên quan", en: "Related person removed")
        case .caseAssigned: pick(vi: "Giao hồ sơ", en: "Case assigned")
        case .caseTeamChanged: pick(vi: "Sửa nhóm phụ trách", en: "Case team changed")
        case .caseTransferRequested: pick(vi: "Đề nghị chuyển hồ sơ", en: "Transfer requested")
        case .caseTransferAccepted: pick(vi: "Nhận hồ sơ chuyển đến", en: "Transfer accepted")
        case .caseTransferDeclined: pick(vi: "Từ chối hồ sơ chuyển đến", en: "Transfer declined")
        case .caseUpdated: pick(vi: "Sửa hồ sơ", en: "Case changed")
        case .personsMerged: pick(vi: "Gộp đối tượng trùng", en: "Persons merged")
        case .caseSettingsChanged: pick(vi: "Sửa cấu hình hồ sơ", en: "Case settings changed")
        case .caseDataShared: pick(vi: "Chia sẻ dữ liệu với đối tác", en: "Data shared with a partner")
        }
    }

    func auditEntity(_ type: String) -> String {
        switch type {
        case "api_token": pick(vi: "Mã truy cập API", en: "API token")
        case "call", "calls": pick(vi: "Cuộc gọi", en: "Call")
        case "case": pick(vi: "Hồ sơ", en: "Case")
        case "deadline": pick(vi: "Thời hạn", en: "Deadline")
        case "expert_question": pick(vi: "Câu hỏi chuyên gia", en: "Expert question")
        case "handoff": pick(vi: "Chuyển tiếp", en: "Hand-off")
        case "hotline_line": pick(vi: "Đường dây", en: "Line")
        case "hotline_topic": pick(vi: "Chủ đề tổng đài", en: "Hotline topic")
        case "person": pick(vi: "Đối tượng", en: "Person")
        case "report": pick(vi: "Báo cáo", en: "Report")
        case "swapped_day": pick(vi: "Ngày làm bù, nghỉ bù", en: "Swapped day")
        case "target": pick(vi: "Chỉ tiêu", en: "Target")
        case "unit": pick(vi: "Đơn vị", en: "Unit")
        case "user": pick(vi: "Người dùng", en: "User")
        default: type
        }
    }
}

/// An audit summary in words: ids of units and users by name, `role=` and `unit=` said
/// plainly, case states and target indicators by label. Summaries are written by code for
/// the record; this is how they read.
struct AuditSummaryText {
    let names: [String: String]
    let t: Localizer

    static let uuid = try! NSRegularExpression(pattern: "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")

    /// The ids a summary names, to look up in one query.
    static func ids(in summary: String) -> [UUID] {
        uuid.matches(in: summary, range: NSRange(summary.startIndex..., in: summary)).compactMap {
            Range($0.range, in: summary).flatMap { UUID(uuidString: String(summary[$0])) }
        }
    }

    func text(_ summary: String) -> String {
        summary.split(separator: " ", omittingEmptySubsequences: false).map { word(String($0)) }.joined(separator: " ")
    }

    private func word(_ w: String) -> String {
        if let eq = w.firstIndex(of: "=") {
            let key = String(w[..<eq]), value = String(w[w.index(after: eq)...])
            switch key {
            case "role": return t.pick(vi: "vai trò: ", en: "role: ") + (Role(rawValue: value).map(t.role) ?? value)
            case "unit": return t.pick(vi: "đơn vị: ", en: "unit: ") + name(value)
            case "parent": return t.pick(vi: "trực thuộc: ", en: "under: ") + name(value)
            case "name": return t.pick(vi: "tên: ", en: "name: ") + value
            default: return w
            }
        }
        if let state = CaseState(rawValue: w) { return t.caseState(state) }
        if let indicator = TargetIndicator(rawValue: w.trimmingCharacters(in: CharacterSet(charactersIn: ":"))) {
            return TargetsPage.label(indicator, t) + (w.hasSuffix(":") ? ":" : "")
        }
        if w == "none" { return t.pick(vi: "không có", en: "none") }
        return name(w)
    }

    private func name(_ raw: String) -> String {
        guard UUID(uuidString: raw) != nil else { return raw }
        // Only units and accounts are named here: another id (a person, a call) is a record
        // whose contents are not the administrator's.
        return names[raw.lowercased()] ?? t.pick(vi: "(một bản ghi)", en: "(a record)")
    }
}
