import AnSinhCore
import Fluent
import Vapor

/// The user form as typed, and its validation.
struct UserForm {
    var username = ""
    var fullName = ""
    var role = Role.caseWorker.rawValue
    var unitID = ""
    var password = ""
    var version = ""

    init() {}

    init(_ user: User) {
        username = user.username
        fullName = user.fullName
        role = user.role.rawValue
        unitID = user.unitID.uuidString.lowercased()
        version = String(user.version)
    }

    init(from req: Request) {
        username = (req.formValue("username") ?? "").lowercased()
        fullName = req.formValue("full_name") ?? ""
        role = req.formValue("role") ?? ""
        unitID = req.formValue("unit_id") ?? ""
        password = req.formSecret("password")
        version = req.formValue("version") ?? ""
    }

    struct Valid {
        let username: String
        let fullName: String
        let role: Role
        let unitID: UUID
    }

    func validate(editing: User?, db: any Database, _ t: Localizer) async throws -> (Valid?, FieldErrors) {
        var errors = FieldErrors()
        let name = editing?.username ?? username
        if editing == nil {
            if !User.isValidUsername(username) {
                errors["username"] = t(.userUsernameInvalid)
            } else if try await User.find(username: username, on: db) != nil {
                errors["username"] = t(.userUsernameTaken)
            }
            if let problem = PasswordRules.problems(password: password, username: username).first {
                errors["password"] = problem.message(t)
            }
        }
        if fullName.isEmpty || fullName.count > 120 { errors["full_name"] = t(.required) }
        let roleValue = Role(rawValue: role)
        if roleValue == nil { errors["role"] = t(.userRoleInvalid) }
        var unit: UUID?
        if let id = UUID(uuidString: unitID), let u = try await OrgUnit.find(id, on: db), u.active {
            unit = id
        } else {
            errors["unit_id"] = t(.userUnitInvalid)
        }
        guard errors.isEmpty, let roleValue, let unit else { return (nil, errors) }
        return (Valid(username: name, fullName: fullName, role: roleValue, unitID: unit), errors)
    }
}
