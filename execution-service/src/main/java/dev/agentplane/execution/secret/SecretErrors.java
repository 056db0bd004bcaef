package dev.agentplane.execution.secret;

import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;

import java.util.List;
import java.util.Map;

/** The stable error codes of the secrets API (beside the kit's INVALID_INPUT). */
public enum SecretErrors {
    SECRET_NOT_FOUND(404),
    /** Another secret of the workspace has the name. */
    SECRET_EXISTS(409),
    SECRET_LIMIT_REACHED(409),
    /** No master key is configured, or the one configured cannot open this workspace's data key. */
    SECRETS_UNAVAILABLE(503);

    private final int status;

    SecretErrors(int status) {
        this.status = status;
    }

    public ApiException error(String detail) {
        return new ApiException(status, name(), detail);
    }

    public ApiException error(String field, String detail) {
        return new ApiException(status, name(), detail, List.of(new FieldError(field, detail)), Map.of());
    }
}
