import AnSinhCore

/// Every fixed UI string, in Vietnamese and English. The switch is exhaustive, so the compiler
/// proves that no string lacks a language.
public enum UIText: CaseIterable, Sendable {
    // Shell
    case appName, skipToContent, navHome, navUnits, navUsers, navAudit, navCalendar, navAccount
    case navTokens, logout, signedInAs, languageSwitchToOther, footerNote
    // Login and passwords
    case loginTitle, username, password, loginButton, loginFailed, loginThrottled, loggedOut
    case sessionExpired, sessionExpiredFormHeld, changePasswordTitle, changePasswordForced, currentPassword, newPassword
    case confirmPassword, savePassword, passwordChanged, passwordHint, wrongCurrentPassword
    case passwordsDiffer, passwordTooShort, passwordSameAsUsername, passwordCommon, passwordSameAsCurrent
    // Common form words
    case save, create, cancel, edit, required, active, inactive, yes, no, actions, search, filter
    case name, code, kind, parent, phone, address, province, commune, addressDetail, status, none
    case chooseOne, fixErrors, saved, created, noRecords, next, previous, details, back, handoffNotRecorded
    case conflictTitle, conflictBody
    // Home
    case homeTitle, homeWelcome, homeYourUnit, homeYourRole, homeAdminTasks
    // Units
    case unitsTitle, unitNew, unitEdit, unitKindCenter, unitKindCommune, unitKindSchool
    case unitKindHospital, unitKindDistrict, unitCodeHint, unitCodeInvalid, unitCodeTaken
    case unitParentInvalid, unitCommuneNotFound, unitCommuneAmbiguous, unitProvinceInvalid
    case unitDeactivate, unitActivate, unitDeactivated, unitActivated, unitStaff, unitOffices
    case unitCannotDeactivateCenter, unitHasActiveUsers, unitPhoneInvalid, communeHint
    // Users
    case usersTitle, userNew, userEdit, fullName, role, unit, initialPassword, userUsernameInvalid
    case userUsernameTaken, userDisable, userEnable, userDisabled, userEnabled, userResetPassword
    case userPasswordReset, userLocked, userLastLogin, userMustChangePassword, userCannotDisableSelf
    case userUnitInvalid, userRoleInvalid, usernameHint
    // Roles
    case roleAdmin, roleDirector, roleSupervisor, roleCaseWorker, roleCounsellor, roleCollaborator, roleViewer
    // Audit
    case auditTitle, auditTime, auditUser, auditAction, auditEntity, auditIP, auditRequest, auditSummary
    case auditFrom, auditTo
    // Calendar
    case calendarTitle, calendarIntro, calendarHolidays, calendarSwaps, calendarDate, calendarSwapKind
    case calendarNote, calendarDayOff, calendarWorkday, calendarAdd, calendarRemove, calendarYear
    case calendarDateInvalid, calendarDuplicate, calendarRemoved
    // Tokens
    case tokensTitle, tokensIntro, tokenName, tokenCreate, tokenCreated, tokenCopyNow, tokenRevoke
    case tokenRevoked, tokenLastUsed, tokenNameRequired, tokenPrefix
    // Account
    case accountTitle, preferredLanguage, savePreferences, preferencesSaved
    // Errors
    case errorTitle, errorNotFound, errorForbidden, errorBadRequest, errorServer, errorCSRF
    case errorTooMany, errorRequestID, errorGoHome, errorUnauthorized
    // Hotline
    case callUndone, callUndoTooLate
}

extension UIText {
    var pair: (vi: String, en: String) {
        switch self {
        case .appName: ("AnSinh", "AnSinh")
        case .skipToContent: ("Bỏ qua đến nội dung chính", "Skip to main content")
        case .navHome: ("Trang chủ", "Home")
        case .navUnits: ("Đơn vị", "Units")
        case .navUsers: ("Người dùng", "Users")
        case .navAudit: ("Nhật ký hệ thống", "Audit log")
        case .navCalendar: ("Lịch làm việc", "Working calendar")
        case .navAccount: ("Tài khoản", "Account")
        case .navTokens: ("Mã truy cập API", "API tokens")
        case .logout: ("Đăng xuất", "Log out")
        case .signedInAs: ("Đang đăng nhập", "Signed in as")
        case .languageSwitchToOther: ("English", "Tiếng Việt")
        case .footerNote: ("Thông tin trong hệ thống là dữ liệu cá nhân được bảo vệ theo Luật Bảo vệ dữ liệu cá nhân.", "Data in this system is personal data protected by the Personal Data Protection Law.")
        case .loginTitle: ("Đăng nhập", "Log in")
        case .username: ("Tên đăng nhập", "Username")
        case .password: ("Mật khẩu", "Password")
        case .loginButton: ("Đăng nhập", "Log in")
        case .loginFailed: ("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa. Vui lòng thử lại sau.", "Wrong username or password, or the account is temporarily locked. Please try again later.")
        case .loginThrottled: ("Có quá nhiều lần đăng nhập sai từ máy này. Vui lòng thử lại sau 15 phút.", "Too many failed logins from this computer. Please try again in 15 minutes.")
        case .loggedOut: ("Bạn đã đăng xuất.", "You have logged out.")
        case .sessionExpired: ("Phiên làm việc đã hết hạn, vui lòng đăng nhập lại.", "Your session has expired; please log in again.")
        case .sessionExpiredFormHeld: ("Phiên làm việc đã hết hạn. Những gì bạn vừa gõ đã được giữ lại: đăng nhập lại để gửi tiếp.",
                                       "Your session has expired. What you just typed is kept: log in again to send it.")
        case .changePasswordTitle: ("Đổi mật khẩu", "Change password")
        case .changePasswordForced: ("Bạn cần đặt mật khẩu mới trước khi tiếp tục.", "You must set a new password before you continue.")
        case .currentPassword: ("Mật khẩu hiện tại", "Current password")
        case .newPassword: ("Mật khẩu mới", "New password")
        case .confirmPassword: ("Nhập lại mật khẩu mới", "Repeat the new password")
        case .savePassword: ("Lưu mật khẩu", "Save password")
        case .passwordChanged: ("Đã đổi mật khẩu.", "Password changed.")
        case .passwordHint: ("Ít nhất 10 ký tự, không trùng tên đăng nhập, không phải mật khẩu phổ biến.", "At least 10 characters, not your username, not a common password.")
        case .wrongCurrentPassword: ("Mật khẩu hiện tại không đúng.", "The current password is wrong.")
        case .passwordsDiffer: ("Hai lần nhập mật khẩu mới không khớp.", "The two new passwords do not match.")
        case .passwordTooShort: ("Mật khẩu phải có ít nhất 10 ký tự.", "The password must have at least 10 characters.")
        case .passwordSameAsUsername: ("Mật khẩu không được giống tên đăng nhập.", "The password must not be the username.")
        case .passwordCommon: ("Mật khẩu này quá phổ biến, dễ bị đoán.", "This password is too common and easy to guess.")
        case .passwordSameAsCurrent: ("Mật khẩu mới phải khác mật khẩu hiện tại.", "The new password must differ from the current one.")
        case .save: ("Lưu", "Save")
        case .create: ("Tạo mới", "Create")
        case .cancel: ("Hủy", "Cancel")
        case .edit: ("Sửa", "Edit")
        case .required: ("Bắt buộc nhập.", "Required.")
        case .active: ("Đang hoạt động", "Active")
        case .inactive: ("Ngừng hoạt động", "Inactive")
        case .yes: ("Có", "Yes")
        case .no: ("Không", "No")
        case .actions: ("Thao tác", "Actions")
        case .search: ("Tìm kiếm", "Search")
        case .filter: ("Lọc", "Filter")
        case .name: ("Tên", "Name")
        case .code: ("Mã", "Code")
        case .kind: ("Loại", "Type")
        case .parent: ("Trực thuộc", "Belongs to")
        case .phone: ("Điện thoại", "Phone")
        case .address: ("Địa chỉ", "Address")
        case .province: ("Tỉnh, thành phố", "Province or city")
        case .commune: ("Xã, phường, đặc khu", "Commune, ward or special zone")
        case .addressDetail: ("Số nhà, đường, thôn, tổ", "House, street, hamlet")
        case .status: ("Trạng thái", "Status")
        case .none: ("(không có)", "(none)")
        case .chooseOne: ("— Chọn —", "— Choose —")
        case .fixErrors: ("Vui lòng sửa các mục được đánh dấu bên dưới.", "Please correct the fields marked below.")
        case .saved: ("Đã lưu.", "Saved.")
        case .handoffNotRecorded: ("Cuộc gọi đã được lưu, nhưng việc chuyển tổng đài chưa ghi được: chọn lại tổng đài ở đây và lưu.",
                                   "The call is saved, but the hand-off was not recorded: choose the hotline again here and save.")
        case .created: ("Đã tạo.", "Created.")
        case .noRecords: ("Chưa có dữ liệu.", "Nothing here yet.")
        case .next: ("Trang sau", "Next page")
        case .previous: ("Trang trước", "Previous page")
        case .details: ("Chi tiết", "Details")
        case .back: ("Quay lại", "Back")
        case .conflictTitle: ("Bản ghi đã được người khác sửa", "Someone else changed this record")
        case .conflictBody: ("Trong lúc bạn sửa, bản ghi đã được lưu bởi người khác. Bản đang lưu và bản bạn nhập đều ở dưới đây; hãy kiểm tra rồi lưu lại.", "While you were editing, someone else saved this record. Both the stored version and what you typed are below; check them and save again.")
        case .homeTitle: ("Trang chủ", "Home")
        case .homeWelcome: ("Xin chào", "Welcome")
        case .homeYourUnit: ("Đơn vị của bạn", "Your unit")
        case .homeYourRole: ("Vai trò", "Role")
        case .homeAdminTasks: ("Quản trị", "Administration")
        case .unitsTitle: ("Đơn vị", "Units")
        case .unitNew: ("Thêm đơn vị", "New unit")
        case .unitEdit: ("Sửa đơn vị", "Edit unit")
        case .unitKindCenter: ("Trung tâm", "Center")
        case .unitKindCommune: ("Văn phòng CTXH xã, phường", "Commune or ward office")
        case .unitKindSchool: ("Văn phòng CTXH trường học", "School office")
        case .unitKindHospital: ("Văn phòng CTXH bệnh viện", "Hospital office")
        case .unitKindDistrict: ("Văn phòng CTXH cấp huyện (cũ)", "District office (legacy)")
        case .unitCodeHint: ("2–10 chữ in hoa hoặc số, dùng trong số hồ sơ, ví dụ HLONG.", "2–10 capital letters or digits, used in case numbers, e.g. HLONG.")
        case .unitCodeInvalid: ("Mã gồm 2–10 chữ in hoa không dấu hoặc số.", "The code must be 2–10 capital letters or digits.")
        case .unitCodeTaken: ("Mã này đã được dùng cho đơn vị khác.", "Another unit already uses this code.")
        case .unitParentInvalid: ("Đơn vị trực thuộc không hợp lệ.", "The parent unit is not valid.")
        case .unitCommuneNotFound: ("Không tìm thấy xã, phường này trong tỉnh đã chọn.", "No such commune or ward in the chosen province.")
        case .unitCommuneAmbiguous: ("Có nhiều xã, phường trùng tên; hãy chọn từ danh sách gợi ý.", "Several communes have this name; pick one from the suggestions.")
        case .unitProvinceInvalid: ("Tỉnh, thành phố không hợp lệ.", "The province is not valid.")
        case .unitDeactivate: ("Ngừng hoạt động", "Deactivate")
        case .unitActivate: ("Hoạt động lại", "Reactivate")
        case .unitDeactivated: ("Đã ngừng hoạt động đơn vị.", "The unit is now inactive.")
        case .unitActivated: ("Đơn vị đã hoạt động lại.", "The unit is active again.")
        case .unitStaff: ("Cán bộ", "Staff")
        case .unitOffices: ("Văn phòng trực thuộc", "Offices below")
        case .unitCannotDeactivateCenter: ("Không thể ngừng hoạt động trung tâm.", "The center cannot be deactivated.")
        case .unitHasActiveUsers: ("Đơn vị còn người dùng hoặc văn phòng đang hoạt động; hãy chuyển hoặc khóa trước.", "The unit still has active users or offices; move or disable them first.")
        case .unitPhoneInvalid: ("Số điện thoại gồm 8–15 chữ số.", "A phone number has 8–15 digits.")
        case .communeHint: ("Gõ tên, có hoặc không dấu, ví dụ: ha long.", "Type the name, with or without tone marks, e.g. ha long.")
        case .usersTitle: ("Người dùng", "Users")
        case .userNew: ("Thêm người dùng", "New user")
        case .userEdit: ("Sửa người dùng", "Edit user")
        case .fullName: ("Họ và tên", "Full name")
        case .role: ("Vai trò", "Role")
        case .unit: ("Đơn vị", "Unit")
        case .initialPassword: ("Mật khẩu ban đầu", "Initial password")
        case .userUsernameInvalid: ("Tên đăng nhập gồm 3–32 chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.", "A username has 3–32 lowercase letters, digits, dots, underscores or hyphens.")
        case .userUsernameTaken: ("Tên đăng nhập đã có người dùng.", "This username is taken.")
        case .userDisable: ("Khóa tài khoản", "Disable account")
        case .userEnable: ("Mở khóa tài khoản", "Enable account")
        case .userDisabled: ("Đã khóa tài khoản.", "Account disabled.")
        case .userEnabled: ("Đã mở khóa tài khoản.", "Account enabled.")
        case .userResetPassword: ("Đặt lại mật khẩu", "Reset password")
        case .userPasswordReset: ("Đã đặt lại mật khẩu; người dùng phải đổi khi đăng nhập.", "Password reset; the user must change it at login.")
        case .userLocked: ("Tạm khóa do đăng nhập sai", "Locked after failed logins")
        case .userLastLogin: ("Đăng nhập lần cuối", "Last login")
        case .userMustChangePassword: ("Phải đổi mật khẩu", "Must change password")
        case .userCannotDisableSelf: ("Bạn không thể tự khóa tài khoản của mình.", "You cannot disable your own account.")
        case .userUnitInvalid: ("Đơn vị không hợp lệ hoặc đã ngừng hoạt động.", "The unit is not valid or is inactive.")
        case .userRoleInvalid: ("Vai trò không hợp lệ.", "The role is not valid.")
        case .usernameHint: ("Chữ thường không dấu, ví dụ: nguyenthilan.", "Lowercase letters without accents, e.g. nguyenthilan.")
        case .roleAdmin: ("Quản trị hệ thống", "Administrator")
        case .roleDirector: ("Giám đốc", "Director")
        case .roleSupervisor: ("Cán bộ giám sát", "Supervisor")
        case .roleCaseWorker: ("Cán bộ quản lý trường hợp", "Case worker")
        case .roleCounsellor: ("Tư vấn viên", "Counsellor")
        case .roleCollaborator: ("Cộng tác viên", "Collaborator")
        case .roleViewer: ("Người xem báo cáo", "Report viewer")
        case .auditTitle: ("Nhật ký hệ thống", "Audit log")
        case .auditTime: ("Thời gian", "Time")
        case .auditUser: ("Người dùng", "User")
        case .auditAction: ("Hành động", "Action")
        case .auditEntity: ("Bản ghi", "Record")
        case .auditIP: ("Địa chỉ IP", "IP address")
        case .auditRequest: ("Mã yêu cầu", "Request id")
        case .auditSummary: ("Tóm tắt", "Summary")
        case .auditFrom: ("Từ ngày", "From")
        case .auditTo: ("Đến ngày", "To")
        case .calendarTitle: ("Lịch làm việc", "Working calendar")
        case .calendarIntro: ("Ngày nghỉ lễ được tính tự động (kể cả Tết và Giỗ Tổ theo âm lịch). Thêm các ngày hoán đổi, nghỉ bù theo quyết định hằng năm của Chính phủ.", "Public holidays are computed (Tết and Hùng Kings' day from the lunar calendar). Add the days the government swaps or adds each year.")
        case .calendarHolidays: ("Ngày nghỉ lễ", "Public holidays")
        case .calendarSwaps: ("Ngày hoán đổi, nghỉ bù", "Swapped and extra days")
        case .calendarDate: ("Ngày", "Date")
        case .calendarSwapKind: ("Loại", "Kind")
        case .calendarNote: ("Ghi chú, căn cứ", "Note, decision")
        case .calendarDayOff: ("Ngày nghỉ", "Day off")
        case .calendarWorkday: ("Ngày đi làm", "Working day")
        case .calendarAdd: ("Thêm ngày", "Add day")
        case .calendarRemove: ("Xóa", "Remove")
        case .calendarYear: ("Năm", "Year")
        case .calendarDateInvalid: ("Ngày không hợp lệ (dd/mm/yyyy).", "Invalid date (dd/mm/yyyy).")
        case .calendarDuplicate: ("Ngày này đã có trong bảng.", "This date is already in the table.")
        case .calendarRemoved: ("Đã xóa ngày khỏi bảng.", "Day removed from the table.")
        case .tokensTitle: ("Mã truy cập API", "API tokens")
        case .tokensIntro: ("Mã dùng cho phần mềm khác (tổng đài, trao đổi dữ liệu) gọi API với quyền của bạn. Giữ bí mật như mật khẩu.", "Tokens let other software (telephony, data exchange) call the API with your rights. Keep them secret like a password.")
        case .tokenName: ("Tên gợi nhớ", "Label")
        case .tokenCreate: ("Tạo mã mới", "Create token")
        case .tokenCreated: ("Đã tạo mã. Hãy sao chép ngay: mã chỉ hiện một lần.", "Token created. Copy it now: it is shown only once.")
        case .tokenCopyNow: ("Mã mới", "New token")
        case .tokenRevoke: ("Thu hồi", "Revoke")
        case .tokenRevoked: ("Đã thu hồi mã.", "Token revoked.")
        case .tokenLastUsed: ("Dùng lần cuối", "Last used")
        case .tokenNameRequired: ("Nhập tên gợi nhớ (tối đa 60 ký tự).", "Enter a label (at most 60 characters).")
        case .tokenPrefix: ("Đầu mã", "Starts with")
        case .accountTitle: ("Tài khoản", "Account")
        case .preferredLanguage: ("Ngôn ngữ giao diện", "Interface language")
        case .savePreferences: ("Lưu lựa chọn", "Save preference")
        case .preferencesSaved: ("Đã lưu lựa chọn.", "Preference saved.")
        case .errorTitle: ("Có lỗi xảy ra", "Something went wrong")
        case .errorNotFound: ("Không tìm thấy trang hoặc bản ghi này.", "This page or record was not found.")
        case .errorForbidden: ("Bạn không có quyền truy cập trang này.", "You are not allowed to open this page.")
        case .errorBadRequest: ("Yêu cầu không hợp lệ.", "The request is not valid.")
        case .errorServer: ("Lỗi hệ thống. Dữ liệu bạn đã lưu trước đó không bị ảnh hưởng. Vui lòng thử lại hoặc báo quản trị viên kèm mã yêu cầu.", "A system error occurred. Data saved earlier is not affected. Try again, or tell the administrator the request id.")
        case .errorCSRF: ("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.", "The form has expired or is not valid. Reload the page and submit again.")
        case .errorTooMany: ("Quá nhiều yêu cầu. Vui lòng thử lại sau.", "Too many requests. Please try again later.")
        case .errorRequestID: ("Mã yêu cầu", "Request id")
        case .errorGoHome: ("Về trang chủ", "Go to the home page")
        case .errorUnauthorized: ("Bạn cần đăng nhập.", "You need to log in.")
        case .callUndone: ("Đã hoàn tác: cuộc gọi vừa lưu đã được xoá.", "Undone: the call just saved was removed.")
        case .callUndoTooLate: ("Đã quá 10 giây nên không hoàn tác được; hãy sửa cuộc gọi nếu cần.", "More than 10 seconds have passed, so it cannot be undone; edit the call if needed.")
        }
    }
}

extension Localizer {
    func role(_ role: Role) -> String {
        switch role {
        case .admin: self(.roleAdmin)
        case .director: self(.roleDirector)
        case .supervisor: self(.roleSupervisor)
        case .caseWorker: self(.roleCaseWorker)
        case .counsellor: self(.roleCounsellor)
        case .collaborator: self(.roleCollaborator)
        case .viewer: self(.roleViewer)
        }
    }

    func unitKind(_ kind: UnitKind) -> String {
        switch kind {
        case .center: self(.unitKindCenter)
        case .commune: self(.unitKindCommune)
        case .school: self(.unitKindSchool)
        case .hospital: self(.unitKindHospital)
        case .district: self(.unitKindDistrict)
        }
    }

    func swapKind(_ kind: SwappedDay.Kind) -> String {
        switch kind {
        case .dayOff: self(.calendarDayOff)
        case .workday: self(.calendarWorkday)
        }
    }
}
