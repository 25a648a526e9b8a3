import Fluent
import Vapor

/// The staff register: each office's staff and part-time collaborators. Everything it adds
/// is declared here; the module list names it once (`AppModules`).
struct StaffModule: AppModule {
    func routes(_ app: any RoutesBuilder, _ context: ModuleContext) throws {
        let staff = StaffController()
        app.guarded(by: .viewUnits) { r in
            r.get(StaffURL.list.components, use: staff.list)
            r.get(StaffURL.export.components, use: staff.export)
            r.get(StaffURL.api.components, use: staff.apiList)
            r.get(StaffURL.apiCounts.components, use: staff.apiCounts)
        }
        app.guarded(by: .administer) { r in
            r.get(StaffURL.new.components, use: staff.newForm)
            r.post(StaffURL.list.components, use: staff.create)
            r.get(StaffURL.edit(SiteURL.anyID).components, use: staff.editForm)
            r.post(StaffURL.edit(SiteURL.anyID).components, use: staff.update)
            r.post(StaffURL.api.components, use: staff.apiCreate)
            r.patch(StaffURL.apiMember(SiteURL.anyID).components, use: staff.apiUpdate)
        }
    }

    func migrations(_ config: AppConfig) -> [any Migration] { [CreateStaffMembers()] }

    var navigation: [NavEntry] {
        [NavEntry(.organization, .viewUnits, page: StaffURL.list) { $0.pick(vi: "Cán bộ, cộng tác viên", en: "Staff") }]
    }

    var openAPIPaths: JSONValue {
        typealias Doc = OpenAPIDocument
        func query(_ name: String, _ schema: JSONValue) -> JSONValue { ["name": .string(name), "in": "query", "schema": schema] }
        return [
            StaffURL.api.template: [
                "get": Doc.operation(id: "listStaff", summary: "Staff and collaborators of the user's units (units in scope, by name)",
                                     schema: "StaffPage", parameters: [
                                         query("unit", ["type": "string", "format": "uuid", "description": "a unit and the units below it"]),
                                         query("employment", Doc.codes(StaffMember.Employment.self, emptyMeansAbsent: true)),
                                         query("q", ["type": "string", "description": "words of the name, tone marks optional"]),
                                         query("active", ["type": "string", "enum": ["0", "1", ""]]),
                                         Doc.limitParameter(), Doc.offsetParameter]),
                "post": Doc.operation(id: "createStaffMember", summary: "Add a staff member or collaborator (admin)", schema: "StaffMember",
                                      body: "StaffMemberInput", status: "201"),
            ],
            "/api/v1/staff/{id}": [
                "patch": Doc.operation(id: "updateStaffMember", summary: "Change a staff member (admin); absent fields keep their value",
                                       schema: "StaffMember", parameters: [Doc.idParameter], body: "StaffMemberUpdate"),
            ],
            StaffURL.apiCounts.template: [
                "get": Doc.operation(id: "countStaff", summary: "Active staff by unit and type within the user's units", schema: nil, arrayOf: "StaffCount"),
            ],
        ]
    }

    var openAPISchemas: JSONValue {
        [
            "StaffMember": ["type": "object", "required": ["id", "unitId", "fullName", "position", "employment", "active", "version"], "properties": [
                "id": ["type": "string", "format": "uuid"], "unitId": ["type": "string", "format": "uuid"],
                "fullName": ["type": "string"], "position": ["type": "string"],
                "employment": OpenAPIDocument.codes(StaffMember.Employment.self),
                "mainDuty": ["type": "string"], "phone": ["type": "string"],
                "active": ["type": "boolean"], "version": ["type": "integer"],
            ]],
            "StaffPage": ["type": "object", "required": ["items"], "properties": [
                "items": ["type": "array", "items": ["$ref": "#/components/schemas/StaffMember"]], "nextOffset": ["type": ["integer", "null"]]]],
            "StaffCount": ["type": "object", "required": ["unitId", "unit", "employment", "count"], "properties": [
                "unitId": ["type": "string", "format": "uuid"], "unit": ["type": "string"],
                "employment": OpenAPIDocument.codes(StaffMember.Employment.self), "count": ["type": "integer"]]],
        ]
    }

    var openAPIInputs: [InputSchema] {
        func fields() -> KeyValuePairs<String, JSONValue> {
            ["fullName": OpenAPIDocument.text(120), "position": OpenAPIDocument.text(120, "e.g. Cán bộ công tác xã hội, Cộng tác viên"),
             "employment": OpenAPIDocument.codes(StaffMember.Employment.self),
             "mainDuty": OpenAPIDocument.text(200, "the job a part-time collaborator mainly holds; required for them"),
             "phone": OpenAPIDocument.about("a Vietnamese number in any format; empty clears it"),
             "unitId": OpenAPIDocument.about("a unit within the caller's scope"),
             "active": OpenAPIDocument.about("false: no longer works for the office (kept in the register)"),
             "version": OpenAPIDocument.about("the version read; required to change a member")]
        }
        return [
            InputSchema("StaffMemberInput", StaffInput.self, required: ["fullName", "position", "employment", "unitId"], fields()),
            InputSchema("StaffMemberUpdate", StaffInput.self, required: ["version"],
                        description: "Absent fields keep their value; a stale version answers 409.", fields()),
        ]
    }
}
