package dev.agentplane.kit.error;

import java.util.List;

/**
 * A domain error with an HTTP status and a stable machine-readable code; rendered as problem+json.
 * Services throw it (or a subclass) instead of building responses by hand.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<FieldError> errors;
    private final transient java.util.Map<String, Object> extensions;

    public ApiException(int status, String code, String detail) {
        this(status, code, detail, List.of(), java.util.Map.of());
    }

    public ApiException(int status, String code, String detail, List<FieldError> errors,
                        java.util.Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
        this.extensions = java.util.Map.copyOf(extensions);
    }

    public static ApiException notFound(String code, String detail) {
        return new ApiException(404, code, detail);
    }

    public static ApiException invalid(String detail, List<FieldError> errors) {
        return new ApiException(400, ErrorCodes.INVALID_INPUT, detail, errors, java.util.Map.of());
    }

    public static ApiException invalid(String field, String message) {
        return invalid(message, List.of(new FieldError(field, message)));
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Extra members of the problem document (e.g. {@code execution_id} on an idempotency conflict). */
    public java.util.Map<String, Object> extensions() {
        return extensions;
    }
}
