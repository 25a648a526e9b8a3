import Foundation
import Testing
@testable import AnSinhCore

@Suite struct VietnameseTextTests {
    @Test func foldsNamesToAsciiSearchKeys() {
        #expect(VietnameseText.fold("Nguyễn Văn Đức") == "nguyen van duc")
        #expect(VietnameseText.fold("  Hạ   Long ") == "ha long")
        #expect(VietnameseText.fold("ĂÂÊÔƠƯ ăâêôơư Đđ") == "aaeoou aaeoou dd")
        #expect(VietnameseText.fold("Trần\tThị\n\u{00A0}Hồng") == "tran thi hong")
        #expect(VietnameseText.fold("Ea H’Leo – Krông") == "ea h'leo - krong")
        #expect(VietnameseText.fold("") == "")
        #expect(VietnameseText.fold("   ") == "")
    }

    @Test func nfdAndNfcFoldTheSame() {
        let nfc = "Nguyễn Thị Ánh Tuyết, Đắk Lắk, Hưng Yên"
        let nfd = nfc.decomposedStringWithCanonicalMapping
        #expect(Array(nfc.unicodeScalars) != Array(nfd.unicodeScalars))
        #expect(VietnameseText.fold(nfd) == VietnameseText.fold(nfc))
        #expect(VietnameseText.fold(nfd) == "nguyen thi anh tuyet, dak lak, hung yen")
    }

    @Test func nfcRecomposes() {
        let nfd = "Hồ Chí Minh".decomposedStringWithCanonicalMapping
        let nfc = VietnameseText.nfc(nfd)
        #expect(Array(nfc.unicodeScalars) == Array("Hồ Chí Minh".precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(nfc.unicodeScalars.count == 11)
    }

    @Test func otherScriptsAreLowercasedAndKept() {
        #expect(VietnameseText.fold("ÑANDÚ Ελλάδα") == "nandu ελλαδα")
    }

    /// Every commune name of both the 2025 and the legacy lists folds to printable
    /// ASCII, whichever normal form it arrives in, and folding is idempotent.
    @Test(arguments: ["communes-2025.csv", "communes-legacy.csv"])
    func allCommuneNamesFoldToAscii(file: String) throws {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        let url = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/AnSinhApp/Resources/admin-units/\(file)")
        let text = try String(contentsOf: url, encoding: .utf8)
        let names = text.split(separator: "\n").dropFirst().map { line in
            String(line.split(separator: ",", omittingEmptySubsequences: false)[1])
        }
        #expect(names.count > 3000)
        for name in names {
            let folded = VietnameseText.fold(name)
            let ok = !folded.isEmpty && folded.unicodeScalars.allSatisfy { s in
                (0x20...0x7E).contains(s.value) && !("A"..."Z").contains(s)
            }
            #expect(ok, "\(name) → \(folded)")
            #expect(VietnameseText.fold(folded) == folded, "not idempotent: \(name)")
            #expect(VietnameseText.fold(name.decomposedStringWithCanonicalMapping) == folded, "NFD: \(name)")
        }
    }

    @Test func foldIsFastEnoughForBulkKeys() {
        let name = "Nguyễn Thị Minh Khai"
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            var total = 0
            for _ in 0..<100_000 { total &+= VietnameseText.fold(name).utf8.count }
            #expect(total == 100_000 * 20)
        }
        // ~1 µs per name on a laptop; the bound only catches pathological regressions.
        #expect(elapsed < .seconds(5))
    }
}
