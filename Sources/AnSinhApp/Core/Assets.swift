import Crypto
import Foundation
import Vapor

/// The stylesheet and script, read once from the bundle and served from memory. Their URLs
/// carry a content hash, so browsers may cache them for a year.
struct Assets: Sendable {
    struct File: Sendable {
        let bytes: ByteBuffer
        let contentType: HTTPMediaType
    }

    let files: [String: File]
    let version: String

    static func load() throws -> Assets {
        var files: [String: File] = [:]
        var hasher = SHA256()
        for (name, type) in [("app.css", HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])),
                             ("app.js", HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]))] {
            let parts = name.split(separator: ".")
            guard let url = Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "static") else {
                throw AppConfig.StartupError(description: "Missing bundled asset \(name)")
            }
            let data = try Data(contentsOf: url)
            hasher.update(data: data)
            files[name] = File(bytes: ByteBuffer(bytes: data), contentType: type)
        }
        let version = hasher.finalize().prefix(6).map { String(format: "%02x", $0) }.joined()
        return Assets(files: files, version: version)
    }

    func response(for name: String) -> Response {
        guard let file = files[name] else { return Response(status: .notFound) }
        var headers = HTTPHeaders()
        headers.contentType = file.contentType
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        return Response(status: .ok, headers: headers, body: .init(buffer: file.bytes))
    }
}

extension Application {
    struct AssetsKey: StorageKey { typealias Value = Assets }

    var assets: Assets {
        guard let a = storage[AssetsKey.self] else { fatalError("Assets not loaded: configure(_:) loads them") }
        return a
    }
}
