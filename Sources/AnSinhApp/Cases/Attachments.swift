import AnSinhCore
import Crypto
import Fluent
import Vapor

/// A file kept with a case: a PDF, JPEG or PNG of at most 10 MB, its type read from its first
/// bytes (not its name), stored under the data directory with its SHA-256, and served only
/// through an authorized, audited route.
final class CaseAttachment: Model, @unchecked Sendable {
    static let schema = "case_attachments"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    /// The name it was uploaded with, for the download; never used as a path.
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @OptionalField(key: "uploaded_by") var uploadedBy: UUID?
    @Timestamp(key: "uploaded_at", on: .create) var uploadedAt: Date?

    init() {}
}

struct CreateCaseAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaseAttachment.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseFile.schema, "id", onDelete: .cascade))
            .field("filename", .string, .required).field("content_type", .string, .required)
            .field("size", .int, .required).field("sha256", .string, .required)
            .field("uploaded_by", .uuid, .references(User.schema, "id")).field("uploaded_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseAttachment.schema).delete()
    }
}

/// The kinds of file a case accepts, recognised by their signature.
enum AttachmentKind: String {
    case pdf = "application/pdf"
    case jpeg = "image/jpeg"
    case png = "image/png"

    static let maxBytes = 10 * 1024 * 1024

    static func detect(_ bytes: some Collection<UInt8>) -> AttachmentKind? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        return nil
    }
}

struct AttachmentController {
    struct Upload: Content {
        var file: File
    }

    struct AttachmentOutput: Content {
        let id: UUID
        let filename: String
        let contentType: String
        let size: Int
        let sha256: String
        let uploadedAt: String?

        init(_ a: CaseAttachment) {
            id = a.id!; filename = a.filename; contentType = a.contentType; size = a.size; sha256 = a.sha256
            uploadedAt = a.uploadedAt.map(ISODateTime.format)
        }
    }

    func upload(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let a = try await CaseAttachmentFiles.store(req, for: c)
        let response = Response(status: .created)
        try response.content.encode(AttachmentOutput(a))
        return response
    }

    func list(_ req: Request) async throws -> [AttachmentOutput] {
        let c = try await CaseAccess.load(req)
        return try await CaseAttachment.query(on: req.db).filter(\.$caseID == c.id!).sort(\.$uploadedAt).all().map(AttachmentOutput.init)
    }

    /// The file itself, to those who may see the case; every download is audited, and a file
    /// whose checksum no longer matches is not served.
    func download(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        guard let fileID = req.parameters.get("file").flatMap(UUID.init(uuidString:)),
              let a = try await CaseAttachment.find(fileID, on: req.db), a.caseID == c.id else { throw Abort(.notFound) }
        guard let data = FileManager.default.contents(atPath: CaseAttachmentFiles.path(a, req)) else { throw Abort(.notFound) }
        guard Secrets.hex(SHA256.hash(data: data)) == a.sha256 else {
            req.logger.error("attachment \(a.id!) fails its checksum")
            throw Abort(.internalServerError, reason: "The stored file is damaged.")
        }
        try await req.audit(.attachmentDownloaded, entity: .caseFile, entityID: c.id?.uuidString, summary: a.id!.uuidString)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: String(a.contentType.split(separator: "/")[0]),
                                                     subType: String(a.contentType.split(separator: "/")[1]))
        let ascii = a.filename.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0.value >= 0x20 ? String($0) : "_" }.joined()
        let encoded = a.filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }
}

/// Where a case's attachments are kept and how an upload is checked and stored (the API, the
/// case page and the backup use it).
enum CaseAttachmentFiles {
    /// Where the files live: `<data>/attachments/<case id>/<attachment id>`.
    static func path(_ a: CaseAttachment, _ req: Request) -> String {
        req.ansinh.dataDirectory + "/" + relativePath(caseID: a.caseID, id: a.id!)
    }

    /// The same path within the data directory (and within a backup, which keeps the layout).
    static func relativePath(caseID: UUID, id: UUID) -> String {
        "attachments/" + caseID.uuidString.lowercased() + "/" + id.uuidString.lowercased()
    }

    /// Checks and stores the uploaded `file` (shared by the API and the case page).
    static func store(_ req: Request, for c: CaseFile) async throws -> CaseAttachment {
        let t = req.t
        guard let upload = try? req.content.decode(AttachmentController.Upload.self) else {
            throw ValidationError([.init(field: "file", message: t.pick(vi: "Chọn một tệp.", en: "Choose a file."))], req)
        }
        var data = upload.file.data
        let bytes = data.readBytes(length: data.readableBytes) ?? []
        guard !bytes.isEmpty else {
            throw ValidationError([.init(field: "file", message: t.pick(vi: "Tệp rỗng.", en: "The file is empty."))], req)
        }
        guard bytes.count <= AttachmentKind.maxBytes else {
            throw ValidationError([.init(field: "file", message: t.pick(vi: "Tệp lớn hơn 10 MB.", en: "The file is larger than 10 MB."))], req)
        }
        guard let kind = AttachmentKind.detect(bytes) else {
            throw ValidationError([.init(field: "file", message: t.pick(vi: "Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp).",
                                                                         en: "Only PDF, JPEG or PNG files (checked by their content)."))], req)
        }
        let a = CaseAttachment()
        a.id = UUID()
        a.caseID = c.id!
        let name = upload.file.filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "tep"
        a.filename = String(VietnameseText.nfc(name).prefix(200))
        a.contentType = kind.rawValue
        a.size = bytes.count
        a.sha256 = Secrets.hex(SHA256.hash(data: bytes))
        a.uploadedBy = try req.user.id
        let path = CaseAttachmentFiles.path(a, req)
        // Written once under a new id (0600, directories 0700), synced, then renamed, before the
        // row is committed: a committed row always names a complete file, and the file never
        // changes afterwards, which is what lets `ansinh backup` copy files after its database
        // snapshot. Only a failed commit removes it again, and then no row names it. On the
        // thread pool: the syncs block their thread.
        try await req.application.threadPool.runIfActive {
            try DataDirectory.makeDirectories((path as NSString).deletingLastPathComponent)
            try DataDirectory.writeFile(bytes, to: path)
        }
        do {
            try await req.db.transaction { db in
                try await a.create(on: db)
                try await req.audit(.attachmentAdded, entity: .caseFile, entityID: c.id?.uuidString,
                                    summary: "\(kind.rawValue) \(bytes.count) bytes", on: db)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return a
    }
}
