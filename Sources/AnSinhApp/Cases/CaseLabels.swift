import AnSinhCore

/// Vietnamese and English names of case codes (exhaustive: a new code needs its labels).
extension Localizer {
    func caseState(_ s: CaseState) -> String {
        switch s {
        case .received: pick(vi: "Tiếp nhận", en: "Received")
        case .initialAssessment: pick(vi: "Đánh giá ban đầu", en: "Initial assessment")
        case .emergencyIntervention: pick(vi: "Can thiệp khẩn cấp", en: "Emergency intervention")
        case .assessment: pick(vi: "Đánh giá", en: "Assessment")
        case .planning: pick(vi: "Lập kế hoạch", en: "Planning")
        case .planApproved: pick(vi: "Kế hoạch đã duyệt", en: "Plan approved")
        case .inProgress: pick(vi: "Đang thực hiện", en: "In progress")
        case .review: pick(vi: "Rà soát", en: "Review")
        case .closed: pick(vi: "Đã kết thúc", en: "Closed")
        case .reopened: pick(vi: "Mở lại", en: "Reopened")
        }
    }

    func caseType(_ c: CaseType) -> String {
        switch c {
        case .childProtection: pick(vi: "Bảo vệ trẻ em", en: "Child protection")
        case .socialWorkClient: pick(vi: "Quản lý đối tượng", en: "Social work client")
        case .emergencyProtection: pick(vi: "Bảo vệ khẩn cấp", en: "Emergency protection")
        case .disabilityCaseManagement: pick(vi: "Quản lý trường hợp người khuyết tật", en: "Disability case management")
        case .other: pick(vi: "Khác", en: "Other")
        }
    }

    func caseSource(_ s: CaseSource) -> String {
        switch s {
        case .hotline: pick(vi: "Tổng đài", en: "Hotline call")
        case .walkIn: pick(vi: "Đến trực tiếp", en: "Walk-in")
        case .referralCommune: pick(vi: "Xã, phường chuyển", en: "Referred by the commune")
        case .referralPolice: pick(vi: "Công an chuyển", en: "Referred by the police")
        case .referralSchool: pick(vi: "Nhà trường chuyển", en: "Referred by a school")
        case .referralHospital: pick(vi: "Bệnh viện chuyển", en: "Referred by a hospital")
        case .referralOther: pick(vi: "Nơi khác chuyển", en: "Other referral")
        case .outreach: pick(vi: "Phát hiện qua tiếp cận cộng đồng", en: "Outreach")
        }
    }

    func clientGroup(_ g: ClientGroup) -> String {
        switch g {
        case .childOrphanBoth: pick(vi: "Trẻ em mồ côi cả cha và mẹ", en: "Children orphaned of both parents")
        case .childAbandoned: pick(vi: "Trẻ em bị bỏ rơi", en: "Abandoned children")
        case .childNoCaregiver: pick(vi: "Trẻ em không nơi nương tựa", en: "Children with no one to rely on")
        case .childDisability: pick(vi: "Trẻ em khuyết tật", en: "Children with disabilities")
        case .childHIV: pick(vi: "Trẻ em nhiễm HIV/AIDS", en: "Children living with HIV/AIDS")
        case .childLawViolation: pick(vi: "Trẻ em vi phạm pháp luật", en: "Children in conflict with the law")
        case .childDrugs: pick(vi: "Trẻ em nghiện ma túy", en: "Drug-addicted children")
        case .childDropoutWork: pick(vi: "Trẻ em bỏ học kiếm sống", en: "Children who left school to work")
        case .childViolence: pick(vi: "Trẻ em bị bạo lực, ngược đãi", en: "Children subjected to violence or maltreatment")
        case .childExploited: pick(vi: "Trẻ em bị bóc lột", en: "Exploited children")
        case .childSexualAbuse: pick(vi: "Trẻ em bị xâm hại tình dục", en: "Sexually abused children")
        case .childTrafficked: pick(vi: "Trẻ em bị mua bán", en: "Trafficked children")
        case .childSeriousIllnessPoor: pick(vi: "Trẻ em mắc bệnh hiểm nghèo thuộc hộ nghèo", en: "Seriously ill children in poor households")
        case .childMigrantRefugee: pick(vi: "Trẻ em di cư, lánh nạn", en: "Migrant or refugee children")
        case .childDevelopmental: pick(vi: "Trẻ em rối loạn phát triển", en: "Children with developmental disorders")
        case .childMentalHealth: pick(vi: "Trẻ em có vấn đề sức khỏe tâm thần", en: "Children with mental health problems")
        case .childSpecialCircumstances: pick(vi: "Trẻ em có hoàn cảnh đặc biệt", en: "Children in special circumstances")
        case .childAtRisk: pick(vi: "Trẻ em có nguy cơ", en: "Children at risk")
        case .adultDVVictim: pick(vi: "Nạn nhân bạo lực gia đình", en: "Victims of domestic violence")
        case .adultSexualAbuseVictim: pick(vi: "Nạn nhân bị xâm hại tình dục", en: "Victims of sexual abuse")
        case .adultTraffickingVictim: pick(vi: "Nạn nhân bị mua bán người", en: "Victims of trafficking")
        case .adultForcedLabour: pick(vi: "Nạn nhân bị cưỡng bức lao động", en: "Victims of forced labour")
        case .adultDisability: pick(vi: "Người khuyết tật", en: "People with disabilities")
        case .adultMentalHealth: pick(vi: "Người có vấn đề sức khỏe tâm thần", en: "People with mental health problems")
        case .adultHIV: pick(vi: "Người nhiễm HIV", en: "People living with HIV")
        case .adultSinglePoorParent: pick(vi: "Người đơn thân nghèo nuôi con", en: "Poor single parents")
        case .elderlyAlone: pick(vi: "Người cao tuổi cô đơn", en: "Older people living alone")
        case .elderlyOther: pick(vi: "Người cao tuổi khác", en: "Other older people")
        case .homeless: pick(vi: "Người lang thang", en: "Wandering or homeless people")
        case .householdDifficult: pick(vi: "Hộ gia đình khó khăn", en: "Households in difficulty")
        case .disasterAffected: pick(vi: "Bị ảnh hưởng bởi dịch bệnh, thiên tai", en: "Affected by epidemics or disasters")
        case .advicePolicy: pick(vi: "Tư vấn chính sách, kết nối nguồn lực", en: "Policy counselling and resource linkage")
        case .other: pick(vi: "Khác", en: "Other")
        }
    }

    func legalGround(_ g: LegalGround) -> String {
        switch g {
        case .authorityRequest: pick(vi: "Yêu cầu của cơ quan có thẩm quyền", en: "Request of a competent authority")
        case .lifeOrHealthEmergency: pick(vi: "Khẩn cấp để bảo vệ tính mạng, sức khỏe", en: "Emergency to protect life or health")
        case .legalDuty: pick(vi: "Nghĩa vụ theo quy định của luật", en: "A duty laid down by law")
        }
    }

    func closureReason(_ r: ClosureReason) -> String {
        switch r {
        case .goalsAchieved: pick(vi: "Đạt mục tiêu", en: "Goals achieved")
        case .movedAway: pick(vi: "Chuyển nơi ở", en: "Moved away")
        case .transferred: pick(vi: "Chuyển đơn vị khác", en: "Transferred")
        case .clientDeclined: pick(vi: "Đối tượng từ chối", en: "Client declined")
        case .death: pick(vi: "Đối tượng qua đời", en: "Death")
        case .other: pick(vi: "Khác", en: "Other")
        }
    }

    func protectionLevel(_ p: ProtectionLevel) -> String {
        switch p {
        case .prevention: pick(vi: "Phòng ngừa", en: "Prevention")
        case .support: pick(vi: "Hỗ trợ", en: "Support")
        case .intervention: pick(vi: "Can thiệp", en: "Intervention")
        }
    }

    func needsDomain(_ d: NeedsDomain) -> String {
        switch d {
        case .livelihood: pick(vi: "Sinh kế", en: "Livelihood")
        case .health: pick(vi: "Sức khỏe", en: "Health")
        case .educationWork: pick(vi: "Học tập, việc làm", en: "Education and work")
        case .relations: pick(vi: "Quan hệ gia đình, xã hội", en: "Family and social relations")
        case .lifeSkills: pick(vi: "Kỹ năng sống", en: "Life skills")
        case .inclusion: pick(vi: "Hòa nhập", en: "Inclusion")
        case .psychological: pick(vi: "Tâm lý", en: "Psychological")
        case .other: pick(vi: "Khác", en: "Other")
        }
    }

    func riskLevel(_ r: RiskLevel) -> String {
        switch r {
        case .low: pick(vi: "Thấp", en: "Low")
        case .medium: pick(vi: "Trung bình", en: "Medium")
        case .high: pick(vi: "Cao", en: "High")
        }
    }
}

extension Localizer {
    func caseRole(_ r: CaseRole) -> String {
        switch r {
        case .caregiver: pick(vi: "Người chăm sóc", en: "Caregiver")
        case .familyMember: pick(vi: "Thành viên gia đình", en: "Family member")
        case .allegedAbuser: pick(vi: "Người bị nghi gây hại", en: "Alleged abuser")
        case .other: pick(vi: "Khác", en: "Other")
        }
    }

    func transferStatus(_ s: TransferStatus) -> String {
        switch s {
        case .pending: pick(vi: "Chờ nhận", en: "Waiting")
        case .accepted: pick(vi: "Đã nhận", en: "Accepted")
        case .declined: pick(vi: "Từ chối", en: "Declined")
        }
    }
}
