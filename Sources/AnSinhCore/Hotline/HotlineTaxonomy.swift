/// A topic of the two-level hotline taxonomy.
public struct HotlineTopicDefinition: Sendable, Equatable {
    public let code: String
    public let parent: String?
    public let vietnamese: String
    public let english: String

    public init(code: String, parent: String?, vietnamese: String, english: String) {
        self.code = code
        self.parent = parent
        self.vietnamese = vietnamese
        self.english = english
    }
}

/// The default taxonomy every center starts with. Codes are stable; a center may add topics
/// and retire them, never delete them.
public enum HotlineTaxonomy {
    public static let defaultTopics: [HotlineTopicDefinition] = {
        var out: [HotlineTopicDefinition] = []
        func group(_ code: String, _ vi: String, _ en: String, _ children: [(String, String, String)]) {
            out.append(.init(code: code, parent: nil, vietnamese: vi, english: en))
            for (c, v, e) in children { out.append(.init(code: "\(code).\(c)", parent: code, vietnamese: v, english: e)) }
        }
        group("abuse", "Xâm hại trẻ em", "Child abuse", [
            ("sexual", "Xâm hại tình dục", "Sexual abuse"), ("violence", "Bạo lực", "Violence"),
            ("neglect", "Sao nhãng", "Neglect"), ("abandonment", "Bỏ rơi", "Abandonment"),
            ("exploitation", "Bóc lột", "Exploitation"), ("trafficking", "Mua bán trẻ em", "Child trafficking")])
        group("family", "Gia đình", "Family", [
            ("domesticViolence", "Bạo lực gia đình", "Domestic violence"),
            ("relationships", "Quan hệ gia đình", "Family relationships"),
            ("custody", "Nuôi con, giám hộ", "Custody and guardianship")])
        group("trafficking", "Mua bán người (người lớn)", "Trafficking (adults)", [
            ("report", "Báo tin mua bán người", "Report of trafficking"),
            ("victimSupport", "Hỗ trợ nạn nhân", "Victim support")])
        group("gender", "Giới", "Gender", [
            ("equality", "Bình đẳng giới", "Gender equality"), ("basedViolence", "Bạo lực trên cơ sở giới", "Gender-based violence")])
        group("psych", "Tâm lý", "Psychological", [
            ("crisis", "Khủng hoảng", "Crisis"), ("mentalHealth", "Sức khỏe tâm thần", "Mental health"),
            ("developmental", "Rối loạn phát triển", "Developmental disorders"), ("school", "Học đường", "School")])
        group("health", "Sức khỏe", "Health", [
            ("hiv", "HIV và bệnh lây truyền qua đường tình dục", "HIV and sexually transmitted diseases"),
            ("reproductive", "Sức khỏe sinh sản", "Reproductive health"), ("other", "Sức khỏe khác", "Other health")])
        group("policy", "Chính sách, pháp luật", "Policy and law", [
            ("socialProtection", "Chính sách trợ giúp xã hội", "Social protection policy"),
            ("disability", "Chính sách người khuyết tật", "Disability policy"),
            ("elderly", "Chính sách người cao tuổi", "Policy for older people"), ("legal", "Pháp luật", "Law")])
        group("disability", "Khuyết tật", "Disability", [("support", "Hỗ trợ người khuyết tật", "Disability support")])
        group("elderly", "Người cao tuổi", "Older people", [
            ("alone", "Người cao tuổi cô đơn", "Older people living alone"), ("care", "Chăm sóc người cao tuổi", "Elderly care")])
        group("homeless", "Lang thang", "Homelessness", [("wandering", "Lang thang, cơ nhỡ", "Wandering and homeless")])
        group("info", "Cung cấp thông tin", "Information", [
            ("services", "Thông tin dịch vụ", "Information on services"), ("other", "Thông tin khác", "Other information")])
        group("other", "Khác", "Other", [("other", "Khác", "Other")])
        return out
    }()
}
