/// The 54 ethnic groups with both official code lists, which disagree from code 04 on:
/// QĐ 121-TCTK/PPCĐ (1979; used for health insurance, `MA_DANTOC`) and QĐ 1019/QĐ-TCTK (2008;
/// known here only for its codes 01–20). The stable key stored on a person is the 1979 code.
public struct EthnicGroup: Sendable, Equatable {
    /// Code in QĐ 121-TCTK/PPCĐ (1979): the stored key.
    public let code: String
    public let name: String
    /// Code in QĐ 1019/QĐ-TCTK (2008), where known.
    public let code2008: String?

    public static func find(_ code: String) -> EthnicGroup? { byCode[code] }

    static let byCode = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    public static let all: [EthnicGroup] = [
        EthnicGroup(code: "01", name: "Kinh (Việt)", code2008: "01"),
        EthnicGroup(code: "02", name: "Tày", code2008: "02"),
        EthnicGroup(code: "03", name: "Thái", code2008: "03"),
        EthnicGroup(code: "04", name: "Hoa (Hán)", code2008: "06"),
        EthnicGroup(code: "05", name: "Khơ-me", code2008: "05"),
        EthnicGroup(code: "06", name: "Mường", code2008: "04"),
        EthnicGroup(code: "07", name: "Nùng", code2008: "07"),
        EthnicGroup(code: "08", name: "HMông (Mông)", code2008: "08"),
        EthnicGroup(code: "09", name: "Dao", code2008: "09"),
        EthnicGroup(code: "10", name: "Gia-rai", code2008: "10"),
        EthnicGroup(code: "11", name: "Ngái", code2008: nil),
        EthnicGroup(code: "12", name: "Ê-đê", code2008: "11"),
        EthnicGroup(code: "13", name: "Ba-na", code2008: "12"),
        EthnicGroup(code: "14", name: "Xơ-đăng", code2008: "16"),
        EthnicGroup(code: "15", name: "Sán Chay", code2008: "13"),
        EthnicGroup(code: "16", name: "Cơ-ho", code2008: "15"),
        EthnicGroup(code: "17", name: "Chăm", code2008: "14"),
        EthnicGroup(code: "18", name: "Sán Dìu", code2008: "17"),
        EthnicGroup(code: "19", name: "Hrê", code2008: "18"),
        EthnicGroup(code: "20", name: "Mnông", code2008: "20"),
        EthnicGroup(code: "21", name: "Ra-glai", code2008: "19"),
        EthnicGroup(code: "22", name: "Xtiêng", code2008: nil),
        EthnicGroup(code: "23", name: "Bru-Vân Kiều", code2008: nil),
        EthnicGroup(code: "24", name: "Thổ", code2008: nil),
        EthnicGroup(code: "25", name: "Giáy", code2008: nil),
        EthnicGroup(code: "26", name: "Cơ-tu", code2008: nil),
        EthnicGroup(code: "27", name: "Giẻ-Triêng", code2008: nil),
        EthnicGroup(code: "28", name: "Mạ", code2008: nil),
        EthnicGroup(code: "29", name: "Khơ-mú", code2008: nil),
        EthnicGroup(code: "30", name: "Co", code2008: nil),
        EthnicGroup(code: "31", name: "Tà-ôi", code2008: nil),
        EthnicGroup(code: "32", name: "Chơ-ro", code2008: nil),
        EthnicGroup(code: "33", name: "Kháng", code2008: nil),
        EthnicGroup(code: "34", name: "Xinh-mun", code2008: nil),
        EthnicGroup(code: "35", name: "Hà Nhì", code2008: nil),
        EthnicGroup(code: "36", name: "Chu-ru", code2008: nil),
        EthnicGroup(code: "37", name: "Lào", code2008: nil),
        EthnicGroup(code: "38", name: "La Chí", code2008: nil),
        EthnicGroup(code: "39", name: "La Ha", code2008: nil),
        EthnicGroup(code: "40", name: "Phù Lá", code2008: nil),
        EthnicGroup(code: "41", name: "La Hủ", code2008: nil),
        EthnicGroup(code: "42", name: "Lự", code2008: nil),
        EthnicGroup(code: "43", name: "Lô Lô", code2008: nil),
        EthnicGroup(code: "44", name: "Chứt", code2008: nil),
        EthnicGroup(code: "45", name: "Mảng", code2008: nil),
        EthnicGroup(code: "46", name: "Pà Thẻn", code2008: nil),
        EthnicGroup(code: "47", name: "Cơ Lao", code2008: nil),
        EthnicGroup(code: "48", name: "Cống", code2008: nil),
        EthnicGroup(code: "49", name: "Bố Y", code2008: nil),
        EthnicGroup(code: "50", name: "Si La", code2008: nil),
        EthnicGroup(code: "51", name: "Pu Péo", code2008: nil),
        EthnicGroup(code: "52", name: "Brâu", code2008: nil),
        EthnicGroup(code: "53", name: "Ơ Đu", code2008: nil),
        EthnicGroup(code: "54", name: "Rơ-măm", code2008: nil),
    ]
}
