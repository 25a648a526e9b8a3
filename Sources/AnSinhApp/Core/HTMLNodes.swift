import Plot

/// A node in the body of a page.
typealias BodyNode = Node<HTML.BodyContext>

extension String {
    /// Plot writes attribute values verbatim, so every value that may hold user input passes
    /// through here first.
    var attributeEscaped: String { htmlEscaped(quotes: true) }

    /// Text content escaped completely (Plot keeps sequences that look like entities).
    var textEscaped: String { htmlEscaped(quotes: false) }

    private func htmlEscaped(quotes: Bool) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for ch in unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

/// The small vocabulary the views are written in. Attribute values and text are always
/// escaped here; nothing else in the views builds markup by hand.
extension Node where Context == HTML.BodyContext {
    /// An element with attributes and children.
    static func el(_ name: String, _ attrs: [Attr] = [], _ children: [BodyNode] = []) -> BodyNode {
        .element(named: name, nodes: attrs.map(\.node) + children)
    }

    /// A void element (`input`, `br`, `meta`).
    static func void(_ name: String, _ attrs: [Attr]) -> BodyNode {
        .selfClosedElement(named: name, attributes: attrs.map(\.attribute))
    }

    /// Escaped text.
    static func txt(_ s: String) -> BodyNode { .raw(s.textEscaped) }

    static func link(_ url: SiteURL, _ label: String, _ attrs: [Attr] = []) -> BodyNode {
        .el("a", [.href(url)] + attrs, [.txt(label)])
    }
}

/// An HTML attribute whose value is escaped when rendered.
struct Attr {
    let name: String
    let value: String?

    init(_ name: String, _ value: String? = nil) {
        self.name = name
        self.value = value
    }

    var attribute: Attribute<HTML.BodyContext> {
        Attribute(name: name, value: value?.attributeEscaped, ignoreIfValueIsEmpty: false)
    }

    var node: BodyNode { .attribute(attribute) }

    static func id(_ v: String) -> Attr { Attr("id", v) }
    static func cls(_ v: String) -> Attr { Attr("class", v) }
    static func name(_ v: String) -> Attr { Attr("name", v) }
    static func type(_ v: String) -> Attr { Attr("type", v) }
    static func value(_ v: String) -> Attr { Attr("value", v) }
    static func href(_ url: SiteURL) -> Attr { Attr("href", url.path) }
    static func hrefRaw(_ s: String) -> Attr { Attr("href", s) }
    static func action(_ url: SiteURL) -> Attr { Attr("action", url.path) }
    static func `for`(_ v: String) -> Attr { Attr("for", v) }
    static func aria(_ key: String, _ v: String) -> Attr { Attr("aria-\(key)", v) }
    static let required = Attr("required")
    static let selected = Attr("selected")
    static let checked = Attr("checked")
    static let postMethod = Attr("method", "post")
    static let getMethod = Attr("method", "get")
}
