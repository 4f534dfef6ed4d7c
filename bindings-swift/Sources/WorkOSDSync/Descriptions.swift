// Hand-written Swift on top of the generated bindings (WorkOSDSync.swift):
// how RequestOptions prints.
//
// Extra header values and the idempotency key can be credentials of their own
// (a proxy's token, say), and a base URL can carry a password. The generated
// record would print them all, through `print`, string interpolation and
// `dump`; like the core's `Debug`, these descriptions name the headers and
// leave their values, the key and any URL password out.

import Foundation

extension RequestOptions: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        let fields = customMirror.children.map { "\($0.label ?? "_"): \($0.value)" }
        return "RequestOptions(\(fields.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "timeoutMs": timeoutMs.map(String.init) ?? "nil",
                "maxRetries": maxRetries.map(String.init) ?? "nil",
                "extraHeaders": "[\(extraHeaders.keys.sorted().joined(separator: ", "))]",
                "idempotencyKey": idempotencyKey == nil ? "nil" : "<set>",
                "baseUrl": baseUrl.map(withoutPassword) ?? "nil",
            ],
            displayStyle: .struct
        )
    }
}

/// `url` with any user and password in its authority replaced.
private func withoutPassword(_ url: String) -> String {
    guard var parts = URLComponents(string: url) else { return "<unparsable URL>" }
    guard parts.user != nil || parts.password != nil else { return url }
    parts.user = "<redacted>"
    parts.password = nil
    return parts.string ?? "<unparsable URL>"
}
