import Crypto
import Fluent
import Vapor

/// A person's optional photo: JPEG or PNG (checked from the content) up to 5 MB, stored as
/// `<data>/photos/<sha256>`: named by its content, so a racing upload or a failed save never
/// leaves a record pointing at another file, and a merged record keeps its photo.
/// Served only through this audited route.
struct PersonPhotoController {
    static let maxBytes = 5 * 1024 * 1024

    func upload(_ req: Request) async throws -> Response {
        let person = try await req.load(Person.self)
        do {
            try await PersonPhotoFiles.store(req, for: person)
        } catch let error as ValidationError {
            return try await PeopleController().page(req, person, forms: .init(photoError: error.problems.map(\.message).joined(separator: " ")),
                                                     status: .unprocessableEntity)
        }
        req.flash(.success, .saved)
        return req.redirect(to: .person(person.id!))
    }

    func download(_ req: Request) async throws -> Response {
        let person = try await req.load(Person.self)
        guard let sha = person.photoSHA256, let type = person.photoType,
              let data = FileManager.default.contents(atPath: PersonPhotoFiles.path(sha256: sha, req)) else { throw Abort(.notFound) }
        guard Secrets.hex(SHA256.hash(data: data)) == sha else {
            req.logger.error("photo of \(person.id!) fails its checksum")
            throw Abort(.internalServerError, reason: "The stored file is damaged.")
        }
        try await req.audit(.personViewed, entity: .person, entityID: person.id?.uuidString, summary: "photo")
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = type == "image/png" ? .png : .jpeg
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }
}

/// Where a person's photo is kept and how an upload is checked and stored.
enum PersonPhotoFiles {
    static func path(sha256: String, _ req: Request) -> String {
        req.ansinh.dataDirectory + "/" + relativePath(sha256: sha256)
    }

    /// The same path within the data directory (and within a backup, which keeps the layout).
    static func relativePath(sha256: String) -> String {
        "photos/" + sha256
    }

    static func store(_ req: Request, for person: Person) async throws {
        let t = req.t
        guard let upload = try? req.content.decode(AttachmentController.Upload.self) else {
            throw ValidationError([.init(field: "file", message: t.pick(vi: "Chọn một ảnh.", en: "Choose a photo."))], req)
        }
        var data = upload.file.data
        let bytes = data.readBytes(length: data.readableBytes) ?? []
        guard !bytes.isEmpty, bytes.count <= PersonPhotoController.maxBytes else {
            throw ValidationError([.init(field: "file", message: t.pick(vi: "Ảnh rỗng hoặc lớn hơn 5 MB.", en: "The photo is empty or larger than 5 MB."))], req)
        }
        guard let kind = AttachmentKind.detect(bytes), kind != .pdf else {
            throw ValidationError([.init(field: "file", message: t.pick(vi: "Chỉ nhận ảnh JPEG hoặc PNG (kiểm tra theo nội dung tệp).",
                                                                         en: "Only JPEG or PNG photos (checked by their content)."))], req)
        }
        let sha = Secrets.hex(SHA256.hash(data: bytes))
        let path = PersonPhotoFiles.path(sha256: sha, req)
        // Content-addressed and written once: a file already there with these bytes is kept as it
        // is, so a stored photo never changes (what `ansinh backup` relies on to copy files after
        // its database snapshot). A damaged one is replaced, atomically (0600, synced, renamed).
        // Nothing deletes a photo file: another record (a merge) may name the same one. On the
        // thread pool: the syncs block their thread.
        try await req.application.threadPool.runIfActive {
            try DataDirectory.makeDirectories((path as NSString).deletingLastPathComponent)
            if (try? DataDirectory.hashFile(path))?.sha256 != sha {
                try DataDirectory.writeFile(bytes, to: path)
            }
        }
        try await req.db.transaction { db in
            // Not a versioned edit: only the photo columns change, so a form open elsewhere keeps working.
            try await Person.query(on: db).filter(\.$id == person.id!).set(\.$photoSHA256, to: sha).set(\.$photoType, to: kind.rawValue).update()
            try await req.audit(.personUpdated, entity: .person, entityID: person.id?.uuidString, summary: "photo \(kind.rawValue) \(bytes.count) bytes", on: db)
        }
    }
}
