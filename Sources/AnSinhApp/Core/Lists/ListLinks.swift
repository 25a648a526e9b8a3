import Vapor

extension Request {
    /// This page's query string (filters as typed) without `offset` and `format`: what a next
    /// page link and an export link carry.
    var listQuery: [URLQueryItem] {
        (URLComponents(string: url.string)?.queryItems ?? []).filter { !["offset", "format"].contains($0.name) }
    }

    /// The link to the next page of a list at `path`, with the same filters.
    func nextPageLink(_ path: String, offset: Int) -> String {
        var c = URLComponents()
        c.queryItems = listQuery + [URLQueryItem(name: "offset", value: String(offset))]
        return path + "?" + (c.percentEncodedQuery ?? "")
    }

    /// The link to the export of a list at `path`, with the same filters, in `format`.
    func exportLink(_ path: String, format: String) -> String {
        var c = URLComponents()
        c.queryItems = listQuery + [URLQueryItem(name: "format", value: format)]
        return path + "?" + (c.percentEncodedQuery ?? "")
    }
}
