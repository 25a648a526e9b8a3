@testable import AnSinhApp
import Fluent
import Foundation
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// A browser-like client for tests: keeps cookies, knows the CSRF token of its session and
/// sends forms url-encoded.
final class TestClient: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf: String?

    init(_ app: Application) {
        self.app = app
    }

    /// A client already signed in as `user`, with a session made directly in the database.
    static func signedIn(_ app: Application, as user: User) async throws -> TestClient {
        let client = TestClient(app)
        let token = Secrets.randomToken()
        let csrf = Secrets.randomToken(bytes: 24)
        try await UserSession(tokenHash: Secrets.sha256Hex(token), userID: user.id!, csrfToken: csrf,
                              now: app.clock.now(), ip: nil).create(on: app.db)
        client.cookies[IdentityMiddleware.sessionCookie] = token
        client.csrf = csrf
        return client
    }

    /// Signs in through the login form, as a browser would.
    @discardableResult
    func login(_ username: String, _ password: String) async throws -> TestingHTTPResponse {
        let page = try await get(SiteURL.login.path)
        let token = Self.hiddenCSRF(in: page.body.string)
        return try await post(SiteURL.login.path, form: ["username": username, "password": password, "_csrf": token ?? ""], addCSRF: false)
    }

    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: headers, body: nil)
    }

    func post(_ path: String, form: [String: String] = [:], addCSRF: Bool = true, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var fields = form
        if addCSRF, let csrf, fields["_csrf"] == nil { fields["_csrf"] = csrf }
        var h = headers
        h.contentType = .urlEncodedForm
        let body = fields.sorted { $0.key < $1.key }
            .map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(.POST, path, headers: h, body: ByteBuffer(string: body))
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> TestingHTTPResponse {
        var h = headers
        if !cookies.isEmpty {
            h.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response = try await app.testing().sendRequest(method, path, headers: h, body: body)
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count >= 1 else { continue }
            let value = parts.count == 2 ? parts[1] : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[parts[0]] = nil } else { cookies[parts[0]] = value }
        }
        if let token = Self.hiddenCSRF(in: response.body.string), cookies[IdentityMiddleware.sessionCookie] != nil {
            csrf = token
        }
        return response
    }

    static func hiddenCSRF(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

extension TestingHTTPResponse {
    var location: String? { headers.first(name: .location) }
    var text: String { body.string }
}
