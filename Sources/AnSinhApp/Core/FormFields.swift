import Plot
import Vapor

/// Messages for the fields of a submitted form, by field name.
struct FieldErrors: Sendable {
    private(set) var messages: [String: String] = [:]

    var isEmpty: Bool { messages.isEmpty }

    subscript(field: String) -> String? {
        get { messages[field] }
        set { messages[field] = newValue }
    }
}

/// Labelled form controls: every input has a label, its hint and its error are tied to it with
/// `aria-describedby`, and an invalid field says so with `aria-invalid`.
enum FormField {
    static func text(
        _ name: String, label: String, value: String?, errors: FieldErrors, type: String = "text",
        hint: String? = nil, required: Bool = false, autocomplete: String? = nil,
        extra: [Attr] = []
    ) -> BodyNode {
        // Dates are text typed as dd/mm/yyyy: browsers' pickers follow the browser's locale
        // ("mm/dd/yyyy, --:-- AM"), not Vietnamese conventions.
        let dateLike = type == "date" || type == "datetime-local" || type == "month"
        var attrs: [Attr] = [.id(name), .name(name), .type(dateLike ? "text" : type)] + extra
        if dateLike {
            let (placeholder, length) = type == "date" ? ("dd/mm/yyyy", 10) : type == "month" ? ("mm/yyyy", 7) : ("dd/mm/yyyy hh:mm", 16)
            attrs += [Attr("placeholder", placeholder), Attr("maxlength", String(length)), Attr("inputmode", "numeric"),
                      Attr("autocomplete", "off"), Attr("data-date", type)]
            attrs.append(.value(value.map(FormDates.display) ?? ""))
        } else if type != "password" {
            attrs.append(.value(value ?? ""))
        }
        if required { attrs.append(.required) }
        if let autocomplete { attrs.append(Attr("autocomplete", autocomplete)) }
        attrs += describedBy(name, hint: hint, error: errors[name])
        return wrap(name, label: label, hint: hint, error: errors[name], control: .void("input", attrs))
    }

    static func select(
        _ name: String, label: String, options: [(value: String, label: String)], selected: String?,
        errors: FieldErrors, hint: String? = nil, required: Bool = false, placeholder: String? = nil
    ) -> BodyNode {
        var attrs: [Attr] = [.id(name), .name(name)]
        if required { attrs.append(.required) }
        attrs += describedBy(name, hint: hint, error: errors[name])
        var optionNodes: [BodyNode] = []
        if let placeholder { optionNodes.append(.el("option", [.value("")], [.txt(placeholder)])) }
        optionNodes += options.map { option in
            .el("option", [.value(option.value)] + (option.value == selected ? [.selected] : []), [.txt(option.label)])
        }
        return wrap(name, label: label, hint: hint, error: errors[name], control: .el("select", attrs, optionNodes))
    }

    static func hidden(_ name: String, value: String?) -> BodyNode {
        .void("input", [.type("hidden"), .id(name), .name(name), .value(value ?? "")])
    }

    static func submit(_ label: String) -> BodyNode {
        .el("button", [.type("submit"), .cls("primary")], [.txt(label)])
    }

    /// The summary at the top of a form that came back with errors.
    static func summary(_ errors: FieldErrors, _ t: Localizer) -> BodyNode {
        errors.isEmpty ? .empty : .el("div", [.cls("flash error"), Attr("role", "alert")], [.txt(t(.fixErrors))])
    }

    private static func describedBy(_ name: String, hint: String?, error: String?) -> [Attr] {
        let ids = [hint.map { _ in "\(name)-hint" }, error.map { _ in "\(name)-error" }].compactMap { $0 }
        var attrs: [Attr] = ids.isEmpty ? [] : [.aria("describedby", ids.joined(separator: " "))]
        if error != nil { attrs.append(.aria("invalid", "true")) }
        return attrs
    }

    private static func wrap(_ name: String, label: String, hint: String?, error: String?, control: BodyNode) -> BodyNode {
        .el("div", [.cls(error == nil ? "field" : "field invalid")], [
            .el("label", [.for(name)], [.txt(label)]),
            control,
            hint.map { .el("p", [.id("\(name)-hint"), .cls("hint")], [.txt($0)]) } ?? .empty,
            error.map { .el("p", [.id("\(name)-error"), .cls("field-error")], [.txt($0)]) } ?? .empty,
        ])
    }
}

extension Request {
    /// A form field as the user typed it: NFC-normalized (Vietnamese input may arrive
    /// decomposed) and trimmed; nil when absent or empty.
    func formValue(_ name: String) -> String? {
        guard let raw = try? content.get(String.self, at: name) else { return nil }
        let value = raw.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        // A date typed the Vietnamese way reaches the validators in its ISO form.
        if FormDates.isDateField(name), let iso = FormDates.iso(value) { return iso }
        return value.isEmpty ? nil : value
    }

    /// A password field exactly as typed (only NFC-normalized, never trimmed).
    func formSecret(_ name: String) -> String {
        ((try? content.get(String.self, at: name)) ?? "").precomposedStringWithCanonicalMapping
    }
}
