import AnSinhCore

/// Vietnamese and English names of the people registry's codes (exhaustive switches: a new
/// code does not compile without its labels).
extension Localizer {
    func group(_ g: VulnerabilityGroup) -> String {
        switch g {
        case .childOrphanBoth: pick(vi: "Trẻ em mồ côi cả cha và mẹ", en: "Child orphaned of both parents")
        case .childOrphanBothNoCaregiver: pick(vi: "— chưa có người chăm sóc", en: "— no caregiver yet")
        case .childOrphanBothInFacility: pick(vi: "— đang ở cơ sở trợ giúp xã hội", en: "— in a social assistance facility")
        case .childOrphanBothWithRelatives: pick(vi: "— sống với người thân", en: "— living with relatives")
        case .childOrphanBothAlternativeCare: pick(vi: "— được chăm sóc thay thế không phải người thân", en: "— in non-kin alternative care")
        case .childAbandoned: pick(vi: "Trẻ em bị bỏ rơi", en: "Abandoned child")
        case .childAbandonedNotInCare: pick(vi: "— chưa được chăm sóc thay thế", en: "— not yet in alternative care")
        case .childAbandonedInCare: pick(vi: "— đang được chăm sóc thay thế", en: "— in alternative care")
        case .childNoCaregiver: pick(vi: "Trẻ em không nơi nương tựa", en: "Child with no one to rely on")
        case .childDisability: pick(vi: "Trẻ em khuyết tật", en: "Child with a disability")
        case .childHIV: pick(vi: "Trẻ em nhiễm HIV/AIDS", en: "Child living with HIV/AIDS")
        case .childLawViolation: pick(vi: "Trẻ em vi phạm pháp luật", en: "Child in conflict with the law")
        case .childDrugs: pick(vi: "Trẻ em nghiện ma túy", en: "Drug-addicted child")
        case .childDropoutWork: pick(vi: "Trẻ em bỏ học kiếm sống", en: "Child who left school to earn a living")
        case .childViolence: pick(vi: "Trẻ em bị tổn hại nghiêm trọng do bạo lực", en: "Child seriously harmed by violence")
        case .childExploited: pick(vi: "Trẻ em bị bóc lột", en: "Exploited child")
        case .childSexualAbuse: pick(vi: "Trẻ em bị xâm hại tình dục", en: "Sexually abused child")
        case .childTrafficked: pick(vi: "Trẻ em bị mua bán", en: "Trafficked child")
        case .childSeriousIllnessPoor: pick(vi: "Trẻ em mắc bệnh hiểm nghèo thuộc hộ nghèo, cận nghèo", en: "Child with a serious illness in a poor household")
        case .childMigrantRefugee: pick(vi: "Trẻ em di cư, lánh nạn không có người chăm sóc", en: "Migrant or refugee child without a caregiver")
        case .disability: pick(vi: "Người khuyết tật", en: "Person with a disability")
        case .elderly: pick(vi: "Người cao tuổi", en: "Older person")
        case .livingAlone: pick(vi: "Sống một mình", en: "Living alone")
        case .victimDomesticViolence: pick(vi: "Nạn nhân bạo lực gia đình", en: "Victim of domestic violence")
        case .victimSexualAbuse: pick(vi: "Nạn nhân bị xâm hại tình dục", en: "Victim of sexual abuse")
        case .victimTrafficking: pick(vi: "Nạn nhân bị mua bán người", en: "Victim of trafficking")
        case .victimForcedLabour: pick(vi: "Nạn nhân bị cưỡng bức lao động", en: "Victim of forced labour")
        case .homeless: pick(vi: "Người lang thang, không nơi cư trú", en: "Wandering or homeless")
        case .mentalIllness: pick(vi: "Người tâm thần", en: "Mental illness")
        case .developmentalDisorder: pick(vi: "Rối loạn phát triển", en: "Developmental disorder")
        case .hiv: pick(vi: "Người nhiễm HIV", en: "Living with HIV")
        case .poorHousehold: pick(vi: "Hộ nghèo", en: "Poor household")
        case .nearPoorHousehold: pick(vi: "Hộ cận nghèo", en: "Near-poor household")
        case .singlePoorParent: pick(vi: "Người đơn thân nghèo nuôi con", en: "Poor single parent")
        }
    }

    func disabilityType(_ d: DisabilityType) -> String {
        switch d {
        case .mobility: pick(vi: "Vận động", en: "Mobility")
        case .hearingSpeech: pick(vi: "Nghe, nói", en: "Hearing, speech")
        case .visual: pick(vi: "Nhìn", en: "Visual")
        case .neuroMental: pick(vi: "Thần kinh, tâm thần", en: "Neurological, psychosocial")
        case .intellectual: pick(vi: "Trí tuệ", en: "Intellectual")
        case .other: pick(vi: "Khác", en: "Other")
        }
    }

    func disabilitySeverity(_ s: DisabilitySeverity) -> String {
        switch s {
        case .verySevere: pick(vi: "Đặc biệt nặng", en: "Very severe")
        case .severe: pick(vi: "Nặng", en: "Severe")
        case .mild: pick(vi: "Nhẹ", en: "Mild")
        }
    }

    func poverty(_ p: PovertyStatus) -> String {
        switch p {
        case .poor: pick(vi: "Hộ nghèo", en: "Poor")
        case .nearPoor: pick(vi: "Hộ cận nghèo", en: "Near-poor")
        case .notPoor: pick(vi: "Không nghèo", en: "Not poor")
        case .unknown: pick(vi: "Chưa rõ", en: "Unknown")
        }
    }

    func duplicateReason(_ code: String) -> String {
        switch code {
        case "nameAndBirthYear": pick(vi: "cùng họ tên, năm sinh gần nhau", en: "same name, birth year within one")
        case "idNumber": pick(vi: "cùng số định danh", en: "same ID number")
        case "phone": pick(vi: "cùng số điện thoại", en: "same phone number")
        default: code
        }
    }
}

extension Localizer {
    func relationKind(_ r: RelationKind) -> String {
        switch r {
        case .mother: pick(vi: "Mẹ", en: "Mother")
        case .father: pick(vi: "Bố", en: "Father")
        case .grandparent: pick(vi: "Ông, bà", en: "Grandparent")
        case .sibling: pick(vi: "Anh, chị, em", en: "Sibling")
        case .guardian: pick(vi: "Người giám hộ", en: "Guardian")
        case .caregiver: pick(vi: "Người chăm sóc", en: "Caregiver")
        case .other: pick(vi: "Khác", en: "Other")
        }
    }

    func consentPurpose(_ p: ConsentPurpose) -> String {
        switch p {
        case .dataProcessing: pick(vi: "Xử lý dữ liệu cá nhân", en: "Processing personal data")
        case .sharingWithPartners: pick(vi: "Chia sẻ với đối tác", en: "Sharing with partners")
        case .photos: pick(vi: "Chụp, sử dụng ảnh", en: "Photos")
        }
    }

    func allowanceGroup(_ g: AllowanceGroup) -> String {
        switch g {
        case .childNoSupport: pick(vi: "Trẻ em không có nguồn nuôi dưỡng", en: "Child without support")
        case .childPoorUnder3OrHIV: pick(vi: "Trẻ em hộ nghèo dưới 3 tuổi hoặc nhiễm HIV", en: "Poor child under 3 or with HIV")
        case .singlePoorParent: pick(vi: "Người đơn thân nghèo nuôi con", en: "Single poor parent")
        case .elderly: pick(vi: "Người cao tuổi", en: "Older person")
        case .disability: pick(vi: "Người khuyết tật nặng, đặc biệt nặng", en: "Severe disability")
        case .hivPoor: pick(vi: "Người nhiễm HIV hộ nghèo", en: "Poor person with HIV")
        case .other: pick(vi: "Khác", en: "Other")
        }
    }
}
