import AnSinhCore

/// Labels of the hotline codes in both languages.
extension Localizer {
    func callKind(_ k: CallKind) -> String {
        switch k {
        case .counselling: pick(vi: "Tư vấn", en: "Counselling")
        case .silent: pick(vi: "Im lặng", en: "Silent")
        case .hangUp: pick(vi: "Gác máy", en: "Hang-up")
        case .wrongNumber: pick(vi: "Nhầm số", en: "Wrong number")
        case .prank: pick(vi: "Trêu đùa", en: "Prank")
        case .abusive: pick(vi: "Quấy rối, lăng mạ", en: "Abusive")
        case .test: pick(vi: "Gọi thử", en: "Test")
        case .thanks: pick(vi: "Cảm ơn", en: "Thanks")
        }
    }

    func channel(_ c: CallChannel) -> String {
        switch c {
        case .phone: pick(vi: "Điện thoại", en: "Phone")
        case .zalo: "Zalo"
        case .facebook: "Facebook/Messenger"
        case .email: "Email"
        case .walkIn: pick(vi: "Đến trực tiếp", en: "Walk-in")
        case .app: pick(vi: "Ứng dụng", en: "App")
        case .other: pick(vi: "Khác", en: "Other")
        }
    }

    func direction(_ d: CallDirection) -> String {
        switch d {
        case .incoming: pick(vi: "Gọi đến", en: "Incoming")
        case .outgoing: pick(vi: "Gọi đi", en: "Outgoing")
        case .callBack: pick(vi: "Gọi lại", en: "Call-back")
        }
    }

    func urgency(_ u: CallUrgency) -> String {
        switch u {
        case .normal: pick(vi: "Bình thường", en: "Normal")
        case .urgent: pick(vi: "Khẩn", en: "Urgent")
        case .emergency: pick(vi: "Cấp cứu, nguy hiểm", en: "Emergency")
        }
    }

    func action(_ a: CallAction) -> String {
        switch a {
        case .information: pick(vi: "Cung cấp thông tin", en: "Information given")
        case .counselling: pick(vi: "Tư vấn", en: "Counselling")
        case .referredToPartner: pick(vi: "Chuyển đối tác", en: "Referred to a partner")
        case .transferredToHotline: pick(vi: "Chuyển tổng đài khác (111, 1800 8077…)", en: "Transferred to another hotline")
        case .reportedToPolice: pick(vi: "Báo công an", en: "Reported to police")
        case .sentToExpertCouncil: pick(vi: "Gửi hội đồng chuyên gia", en: "Sent to the expert council")
        case .caseOpened: pick(vi: "Mở hồ sơ trường hợp", en: "Case opened")
        }
    }

    func sex(_ s: Sex) -> String {
        switch s {
        case .female: pick(vi: "Nữ", en: "Female")
        case .male: pick(vi: "Nam", en: "Male")
        case .other: pick(vi: "Khác", en: "Other")
        case .unknown: pick(vi: "Không rõ", en: "Unknown")
        }
    }

    func ageGroup(_ a: AgeGroup) -> String {
        a == .unknown ? pick(vi: "Không rõ", en: "Unknown") : a.rawValue + pick(vi: " tuổi", en: " years")
    }

    func relation(_ r: CallerRelation) -> String {
        switch r {
        case .`self`: pick(vi: "Chính người cần hỗ trợ", en: "The person concerned")
        case .parent: pick(vi: "Cha mẹ", en: "Parent")
        case .relative: pick(vi: "Người thân", en: "Relative")
        case .neighbour: pick(vi: "Hàng xóm", en: "Neighbour")
        case .teacher: pick(vi: "Giáo viên", en: "Teacher")
        case .official: pick(vi: "Cán bộ", en: "Official")
        case .other: pick(vi: "Khác", en: "Other")
        }
    }

    func handoffTarget(_ h: HandoffTarget) -> String {
        switch h {
        case .hotline111: pick(vi: "Tổng đài 111", en: "Hotline 111")
        case .hotline18008077: pick(vi: "Tổng đài 1800 8077 (mua bán người)", en: "Hotline 1800 8077 (trafficking)")
        case .police: pick(vi: "Công an", en: "Police")
        case .otherHotline: pick(vi: "Tổng đài khác", en: "Another hotline")
        }
    }

    func handoffStatus(_ s: HandoffStatus) -> String {
        switch s {
        case .sent: pick(vi: "Đã chuyển", en: "Sent")
        case .acknowledged: pick(vi: "Đã xác nhận", en: "Acknowledged")
        case .noAnswer: pick(vi: "Không trả lời", en: "No answer")
        }
    }

    /// Keyboard shortcut of each non-counselling kind (Alt + digit).
    static func shortcut(_ k: CallKind) -> String? {
        CallKind.nonCounselling.firstIndex(of: k).map { String($0 + 1) }
    }
}
