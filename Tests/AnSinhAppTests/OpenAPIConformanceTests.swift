@testable import AnSinhApp
import AnSinhCore
import Foundation
import Testing
import Vapor
import VaporTesting

/// The OpenAPI document against the server: the same routes and methods both ways, every JSON
/// body generated from the type its handler decodes, and the fields the server requires.
@Suite("OpenAPI conformance")
struct OpenAPIConformanceTests {
    /// The served document, as JSON objects.
    static func served(_ app: Application) async throws -> [String: Any] {
        let res = try await TestClient(app).get(SiteURL.apiOpenAPI.path)
        #expect(res.status == .ok)
        return try #require(try JSONSerialization.jsonObject(with: Data(res.text.utf8)) as? [String: Any])
    }

    @Test func routesAndDocumentAgreeBothWays() async throws {
        try await TestApp.run { app, _ in
            var registered: Set<String> = []
            for route in app.routes.all {
                let path = "/" + route.path.map(\.description).joined(separator: "/")
                guard path.hasPrefix("/api/") else { continue }
                registered.insert("\(route.method.rawValue) \(path)")
            }
            let documented = OpenAPIDocument.operations
            #expect(!registered.isEmpty)
            for op in registered.subtracting(documented).sorted() { Issue.record(Comment(rawValue: "\(op) is served but not in the OpenAPI document")) }
            for op in documented.subtracting(registered).sorted() { Issue.record(Comment(rawValue: "\(op) is documented but not served")) }
        }
    }

    /// Each declaration matches its Swift type: every field it decodes is declared, nothing
    /// else is, and each required name is a field.
    @Test func inputDeclarationsMatchTheirTypes() {
        #expect(OpenAPIDocument.inputs.count >= 30)
        for input in OpenAPIDocument.inputs {
            #expect(!input.fields.isEmpty, "\(input.name): no fields recorded from \(input.typeName)")
            for problem in input.problems { Issue.record(Comment(rawValue: problem)) }
        }
        #expect(Set(OpenAPIDocument.inputs.map(\.name)).count == OpenAPIDocument.inputs.count, "two input schemas share a name")
    }

    /// Every JSON request body in the served document is a generated input schema, each
    /// generated schema is used, and the served schema is the generated one.
    @Test func everyJSONBodyIsGeneratedFromItsInputType() async throws {
        try await TestApp.run { app, _ in
            let json = try await Self.served(app)
            let paths = try #require(json["paths"] as? [String: [String: Any]])
            let schemas = try #require((json["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let generated = Dictionary(uniqueKeysWithValues: OpenAPIDocument.inputs.map { ($0.name, $0) })
            var used: Set<String> = []
            for (path, methods) in paths {
                for (method, value) in methods {
                    guard let op = value as? [String: Any] else { continue }
                    let label = "\(method.uppercased()) \(path)"
                    let responses = op["responses"] as? [String: Any] ?? [:]
                    if path != SiteURL.apiOpenAPI.path {
                        for status in ["400", "401", "403", "404", "422"] { #expect(responses[status] != nil, "\(label) does not document \(status)") }
                        let failure = ((responses["422"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
                        #expect((failure?["schema"] as? [String: Any])?["$ref"] as? String == "#/components/schemas/ValidationFailure", "\(label): 422 is not a ValidationFailure")
                    }
                    if method == "post" {
                        let headers = (op["parameters"] as? [[String: Any]] ?? []).filter { $0["in"] as? String == "header" }.compactMap { $0["name"] as? String }
                        #expect(headers.contains(Idempotency.header), "\(label) does not document \(Idempotency.header)")
                    }
                    guard let body = op["requestBody"] as? [String: Any], let content = body["content"] as? [String: Any] else { continue }
                    #expect(responses["413"] != nil && responses["415"] != nil, "\(label) reads a body but does not document 413 and 415")
                    guard let media = content["application/json"] as? [String: Any] else { continue }
                    let ref = try #require((media["schema"] as? [String: Any])?["$ref"] as? String, "\(label): body without a $ref")
                    let name = String(ref.dropFirst("#/components/schemas/".count))
                    used.insert(name)
                    guard let input = generated[name] else {
                        Issue.record(Comment(rawValue: "\(label): body \(name) is written by hand, not generated from its input type"))
                        continue
                    }
                    // The served schema is the generated one: the same properties and required list.
                    let schema = try #require(schemas[name] as? [String: Any])
                    let properties = Set((schema["properties"] as? [String: Any] ?? [:]).keys)
                    #expect(properties == Set(input.fields.map(\.name)), "\(name): properties differ from \(input.typeName)")
                    let required = Set(schema["required"] as? [String] ?? [])
                    let expected = Set(input.paths.filter { $0.required && !$0.path.contains(".") }.map(\.path))
                    #expect(required == expected, "\(name): required \(required.sorted()) but the declaration says \(expected.sorted())")
                    if method == "patch", !Self.patchesWithoutVersion.contains(op["operationId"] as? String ?? "") {
                        #expect(required.contains("version"), "\(label): a PATCH body must require version")
                    }
                }
            }
            for name in Set(generated.keys).subtracting(used).sorted() { Issue.record(Comment(rawValue: "input schema \(name) is not used by any operation")) }
        }
    }

    /// Changes that take no version: labels and retirement of codes, a consent's withdrawal.
    static let patchesWithoutVersion: Set<String> = ["updateHotlineTopic", "changeClientGroup", "withdrawPersonConsent"]

    /// The decoder's own requirements (non-optional fields) are required in the document, and
    /// a JSON object with only the required fields decodes.
    @Test func decoderRequirementsAreDocumented() throws {
        let plan = try #require(OpenAPIDocument.inputs.first { $0.name == "CasePlanInput" })
        let goal = plan.paths.first { $0.path == "goals[].goal" }
        #expect(goal?.required == true)
        let risk = try #require(OpenAPIDocument.inputs.first { $0.name == "CaseAssessmentInput" })
        #expect(risk.paths.first { $0.path == "risk.harm" }?.required == true)
        #expect(risk.paths.first { $0.path == "risk.notes" }?.required == false)
        let call = try #require(OpenAPIDocument.inputs.first { $0.name == "CallInput" })
        #expect(call.paths.contains { $0.path == "person.personId" })
        #expect(call.paths.first { $0.path == "line" }?.required == true)
        let update = try #require(OpenAPIDocument.inputs.first { $0.name == "CallUpdate" })
        #expect(update.paths.first { $0.path == "version" }?.required == true)
        #expect(update.paths.first { $0.path == "line" }?.required == false)
    }

    /// The recorder itself, on a type made for it; and a field nobody declared is a problem.
    @Test func recorderFindsFieldsTypesAndRequirements() throws {
        struct Sample: Decodable {
            struct Inner: Decodable { var code: String; var note: String? }
            var name: String
            var count: Int?
            var id: UUID?
            var level: RiskLevel
            var tags: [String]?
            var inner: Inner?
            var items: [Inner]
            var flag: Bool?
        }
        let fields = DecodedFields.of(Sample.self)
        #expect(fields.map(\.name) == ["name", "count", "id", "level", "tags", "inner", "items", "flag"])
        #expect(fields.filter(\.required).map(\.name) == ["name", "level", "items"])
        #expect(fields[1].shape == .integer && fields[2].shape == .uuid && fields[7].shape == .boolean)
        #expect(fields[3].shape == .enumeration(RiskLevel.allCases.map(\.rawValue)))
        #expect(fields[4].shape == .array(.string))
        let inner: DecodedFields.Shape = .object([.init(name: "code", shape: .string, required: true),
                                                  .init(name: "note", shape: .string, required: false)])
        #expect(fields[5].shape == inner && fields[6].shape == .array(inner))

        let declared = InputSchema("Sample", Sample.self, required: ["count"], [
            "name": [:], "count": [:], "id": [:], "level": [:], "tags": [:], "inner": [:], "inner.code": [:], "inner.note": [:],
            "items": [:], "items[].code": [:], "items[].note": [:], "flag": [:],
        ])
        #expect(declared.problems.isEmpty, "\(declared.problems)")
        // A field added to the type without its declaration, and a declaration of nothing.
        let missing = InputSchema("Sample", Sample.self, [
            "name": [:], "count": [:], "id": [:], "level": [:], "tags": [:], "inner": [:], "inner.code": [:], "inner.note": [:],
            "items": [:], "items[].code": [:], "items[].note": [:], "gone": [:],
        ])
        #expect(missing.problems.count == 2)
        #expect(missing.problems.contains { $0.contains("`flag`") } && missing.problems.contains { $0.contains("`gone`") })
    }

    /// The generated schema: optional fields take null, required ones do not; integers are
    /// bounded to what decodes.
    @Test func generatedSchemaShape() throws {
        let data = try JSONEncoder().encode(try #require(OpenAPIDocument.inputs.first { $0.name == "CallInput" }).schema)
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(schema["required"] as? [String] == ["line"])
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        #expect(properties["line"]?["type"] as? String == "string")
        #expect(properties["summary"]?["type"] as? [String] == ["string", "null"])
        #expect(properties["summary"]?["maxLength"] as? Int == 4000)
        let channel = try #require(properties["channel"]?["enum"] as? [Any])
        #expect(channel.contains { $0 is NSNull } && channel.contains { $0 as? String == "" } && channel.contains { $0 as? String == "phone" })
        #expect(properties["version"]?["maximum"] as? Int == Int.max)
        let person = try #require(properties["person"]?["properties"] as? [String: [String: Any]])
        #expect(person["personId"]?["format"] as? String == "uuid")
    }

    /// An empty body to each top-level create answers 422 naming exactly the fields the
    /// document requires.
    @Test func emptyCreatesNameTheRequiredFields() async throws {
        try await TestApp.run { app, fx in
            let client = try await TestClient.signedIn(app, as: fx.user(.director))
            let cases: [(HTTPMethod, String, String)] = [
                (.POST, "/api/v1/hotline/lines", "HotlineLineInput"), (.POST, "/api/v1/hotline/topics", "HotlineTopicInput"),
                (.POST, "/api/v1/calls", "CallInput"), (.POST, "/api/v1/hotline/experts", "ExpertInput"),
                (.POST, "/api/v1/persons", "PersonInput"), (.POST, "/api/v1/cases", "CaseInput"),
                (.POST, "/api/v1/client-groups", "ClientGroupInput"), (.PUT, "/api/v1/targets", "TargetInput"),
                (.PUT, "/api/v1/case-deadlines", "CaseDeadlineInput"),
            ]
            for (method, path, name) in cases {
                let input = try #require(OpenAPIDocument.inputs.first { $0.name == name })
                let res = try await client.send(method, path, headers: ["Content-Type": "application/json", "X-CSRF-Token": client.csrf ?? ""],
                                                body: ByteBuffer(string: "{}"))
                #expect(res.status == .unprocessableEntity, "\(method) \(path) {}: \(res.status)")
                let body = try JSONSerialization.jsonObject(with: Data(res.text.utf8)) as? [String: Any]
                let named = Set((body?["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
                let required = Set(input.paths.filter { $0.required && !$0.path.contains(".") }.map(\.path))
                #expect(named == required, "\(method) \(path) {}: the server names \(named.sorted()), the document requires \(required.sorted())")
            }
        }
    }

    /// A change without `version` is refused, naming it.
    @Test func patchWithoutVersionNamesIt() async throws {
        try await TestApp.run { app, fx in
            let client = try await TestClient.signedIn(app, as: fx.user(.director))
            let headers: HTTPHeaders = ["Content-Type": "application/json", "X-CSRF-Token": client.csrf ?? ""]
            let created = try await client.send(.POST, "/api/v1/persons", headers: headers, body: ByteBuffer(string: #"{"fullName": "Nguyễn Văn An"}"#))
            #expect(created.status == .created)
            let id = try #require((try JSONSerialization.jsonObject(with: Data(created.text.utf8)) as? [String: Any])?["id"] as? String)
            let res = try await client.send(.PATCH, "/api/v1/persons/\(id)", headers: headers, body: ByteBuffer(string: #"{"notes": "x"}"#))
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("\"version\""))
        }
    }

    /// A method the path does not have answers 405 with `Allow`; an unknown path stays 404.
    @Test func unsupportedMethodsAnswer405WithAllow() async throws {
        try await TestApp.run { app, fx in
            let client = try await TestClient.signedIn(app, as: fx.user(.director))
            let trace = try await client.send(.TRACE, "/api/v1/calls", headers: [:], body: nil)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers.first(name: .allow) == "GET, HEAD, POST")
            #expect(trace.headers.contentType?.subType == "json")
            let delete = try await client.send(.DELETE, "/api/v1/calls/\(UUID())", headers: [:], body: nil)
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers.first(name: .allow) == "GET, HEAD, PATCH")
            let unknown = try await client.send(.TRACE, "/api/v1/nothing-here", headers: [:], body: nil)
            #expect(unknown.status == .notFound)
            #expect(try await client.get("/api/v1/nothing-here").status == .notFound)
            // A handler's own 404 is not turned into a 405.
            #expect(try await client.get("/api/v1/calls/\(UUID())").status == .notFound)
        }
    }
}
