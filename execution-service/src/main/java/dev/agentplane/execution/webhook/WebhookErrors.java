package dev.agentplane.execution.webhook;

import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;

import java.util.List;
import java.util.Map;

/** The stable error codes of the webhook API (beside the kit's INVALID_INPUT and friends). */
public enum WebhookErrors {
    WEBHOOK_NOT_FOUND(404),
    WEBHOOK_DELIVERY_NOT_FOUND(404),
    /** The URL is not https, or resolves to an address the platform does not send to (SSRF guard). */
    WEBHOOK_URL_NOT_ALLOWED(400),
    WEBHOOK_LIMIT_REACHED(409);

    private final int status;

    WebhookErrors(int status) {
        this.status = status;
    }

    public ApiException error(String detail) {
        return new ApiException(status, name(), detail);
    }

    public ApiException error(String field, String detail) {
        return new ApiException(status, name(), detail, List.of(new FieldError(field, detail)), Map.of());
    }
}
