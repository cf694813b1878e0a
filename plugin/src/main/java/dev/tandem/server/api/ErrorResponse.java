package dev.tandem.server.api;

/**
 * Body of every error response.
 *
 * @param code the HTTP status
 * @param type stable machine-readable kind: {@code invalid_input}, {@code malformed_request}, {@code not_found},
 *     {@code conflict}, {@code unauthenticated}, {@code forbidden}, {@code unavailable},
 *     {@code commit_state_unknown}, {@code method_not_allowed}, {@code unsupported_media_type},
 *     {@code not_acceptable}, {@code misdirected_request}, {@code payload_too_large}, {@code internal_error}
 * @param message what went wrong, for people; never a stack trace
 * @param field the offending input field for {@code invalid_input}, else null
 * @param errorId for {@code internal_error}: the id under which the server logged the details, else null
 */
public record ErrorResponse(int code, String type, String message, String field, String errorId) {}
