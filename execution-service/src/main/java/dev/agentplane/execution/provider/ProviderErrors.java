package dev.agentplane.execution.provider;

import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;

import java.util.List;
import java.util.Map;

/** The stable error codes of the provider credentials API (beside the kit's INVALID_INPUT). */
public enum ProviderErrors {
    PROVIDER_CREDENTIAL_NOT_FOUND(404),
    /** Another credential of the workspace has the name. */
    PROVIDER_CREDENTIAL_EXISTS(409),
    PROVIDER_CREDENTIAL_LIMIT_REACHED(409),
    /** The base URL is not https, or resolves to an address the platform does not call (SSRF guard). */
    PROVIDER_URL_NOT_ALLOWED(400),
    /**
     * The operator withholds its own provider from the workspace's tier (agentplane.llm.providers.NAME.disabled-tiers)
     * and the workspace has no credential of that name: it brings its own.
     */
    PROVIDER_CREDENTIAL_REQUIRED(422),
    /** No master key is configured, or the one configured cannot unwrap this workspace's data key. */
    PROVIDER_CREDENTIALS_UNAVAILABLE(503);

    private final int status;

    ProviderErrors(int status) {
        this.status = status;
    }

    public ApiException error(String detail) {
        return new ApiException(status, name(), detail);
    }

    public ApiException error(String field, String detail) {
        return new ApiException(status, name(), detail, List.of(new FieldError(field, detail)), Map.of());
    }
}
