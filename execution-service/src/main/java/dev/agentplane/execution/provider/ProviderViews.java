package dev.agentplane.execution.provider;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** The request and answer bodies of {@code /v1/providers}; an answer never carries the key, only its hint. */
public final class ProviderViews {
    private ProviderViews() {
    }

    /** {@code POST /v1/providers}; on PATCH every member is optional (a new {@code api_key} rotates the key). */
    public record CredentialRequest(String provider, String name, String apiKey, String baseUrl, String organization) {
        @Override
        public String toString() {
            return "CredentialRequest[" + provider + ", " + name + "]";
        }
    }

    /** A credential as the API shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Credential(String id, String name, String provider, String baseUrl, String organization,
                             String keyHint, int revision, Instant createdAt, Instant updatedAt) {
        static Credential of(ProviderCredential c) {
            return new Credential(c.id, c.name, c.provider, c.baseUrl, c.organization, c.keyHint, c.revision,
                    c.createdAt, c.updatedAt);
        }
    }

    /** {@code GET /internal/providers/{name}}: that the credential exists, and its kind; nothing else. */
    public record Known(String name, String provider) {
    }
}
