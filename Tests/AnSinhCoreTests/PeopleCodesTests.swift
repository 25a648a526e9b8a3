import AnSinhCore
import Testing

@Suite("People codes")
struct PeopleCodesTests {
    @Test func nationalIDIsCheckedAgainstSexAndYear() {
        // 031: Hải Phòng; 3 = a woman born in the 2000s; 15 = 2015.
        #expect(NationalID.problems("031315000123").isEmpty)
        #expect(NationalID.problems("031315000123", isFemale: true, birthYear: 2015).isEmpty)
        #expect(NationalID.problems("031315000123", isFemale: false, birthYear: 2015) == [.sex])
        #expect(NationalID.problems("031315000123", isFemale: true, birthYear: 2016) == [.birthYear])
        #expect(NationalID.problems("001085000001", isFemale: false, birthYear: 1985).isEmpty)
        #expect(NationalID.problems("03131500012") == [.format])
        #expect(NationalID.problems("03131500012a") == [.format])
        #expect(NationalID.problems("003315000123") == [.province], "003 is no province")
        #expect(NationalID.problems("131315000123") == [.province])
        #expect(NationalID.normalize(" 031 315.000-123 ") == "031315000123")
        #expect(NationalID.mask("031315000123") == "031******123")
    }

    @Test func namesFoldToSearchKeysAndTokens() {
        #expect(PersonName.searchKey("  Nguyễn  Thị Hoà ") == "nguyen thi hoa")
        #expect(PersonName.searchKey("ĐẶNG Văn Đức") == "dang van duc")
        #expect(PersonName.tokens("Lê Lê Na") == ["le", "na", "le le", "le na"])
        #expect(PersonName.tokens("Nguyễn Thị Hoà") == ["nguyen", "thi", "hoa", "nguyen thi", "thi hoa"])
        #expect(PersonName.prefixUpperBound("thi hoa") == "thi hob")
        #expect(PersonName.prefixUpperBound("hoa") == "hob")
        #expect(PersonName.prefixUpperBound("haz") == "hb")
        #expect(PersonName.prefixUpperBound("a9") == "aa")
        #expect(PersonName.prefixUpperBound("zz") == "{")
    }

    @Test func bothEthnicCodeListsAreKept() {
        #expect(EthnicGroup.all.count == 54)
        #expect(Set(EthnicGroup.all.map(\.code)).count == 54)
        #expect(EthnicGroup.find("01")?.name == "Kinh (Việt)")
        // The lists disagree from 04 on: Hoa is 04 in 1979 and 06 in 2008; Mường the other way round.
        #expect(EthnicGroup.find("04")?.code2008 == "06")
        #expect(EthnicGroup.find("06")?.code2008 == "04")
        #expect(EthnicGroup.find("54")?.name == "Rơ-măm")
    }

    @Test func subGroupsKnowTheirGroup() {
        #expect(VulnerabilityGroup.childOrphanBothInFacility.parent == .childOrphanBoth)
        #expect(VulnerabilityGroup.childOrphanBoth.parent == nil)
        #expect(VulnerabilityGroup.victimTrafficking.parent == nil)
        #expect(VulnerabilityGroup.allCases.filter { $0.rawValue.hasPrefix("child.") && $0.parent == nil }.count == 14)
    }
}

@Suite("Consent rule")
struct ConsentRuleTests {
    @Test func whoMustConsent() {
        #expect(ConsentRule.problems(age: 30, byPerson: true, byRepresentative: false).isEmpty)
        #expect(ConsentRule.problems(age: 30, byPerson: false, byRepresentative: true) == [.personMissing])
        #expect(ConsentRule.problems(age: nil, byPerson: true, byRepresentative: false).isEmpty)
        // Under 7: the representative alone.
        #expect(ConsentRule.problems(age: 6, byPerson: false, byRepresentative: true).isEmpty)
        #expect(ConsentRule.problems(age: 6, byPerson: true, byRepresentative: false) == [.representativeMissing])
        // 7 to 17: both.
        #expect(ConsentRule.problems(age: 7, byPerson: false, byRepresentative: true) == [.personMissing])
        #expect(ConsentRule.problems(age: 12, byPerson: true, byRepresentative: false) == [.representativeMissing])
        #expect(ConsentRule.problems(age: 17, byPerson: true, byRepresentative: true).isEmpty)
        #expect(ConsentRule.problems(age: 18, byPerson: true, byRepresentative: false).isEmpty)
    }
}

@Suite("Sharing with partners")
struct SharingRuleTests {
    @Test func aConsentInForceOrAStatedLegalGround() {
        #expect(SharingRule.problems(consentInForce: true, ground: nil, statement: "").isEmpty)
        #expect(SharingRule.problems(consentInForce: false, ground: nil, statement: "Công văn 12/CV-CA") == [.noBasis])
        #expect(SharingRule.problems(consentInForce: false, ground: .authorityRequest, statement: "Công văn 12/CV-CA ngày 3/11").isEmpty)
        // A ground named but not said: which request, which law?
        #expect(SharingRule.problems(consentInForce: false, ground: .legalDuty, statement: "  luật  ") == [.groundNotStated])
        #expect(SharingRule.problems(consentInForce: true, ground: .lifeOrHealthEmergency, statement: "") == [.groundNotStated])
    }
}
