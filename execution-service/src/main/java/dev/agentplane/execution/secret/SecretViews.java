package dev.agentplane.execution.secret;

import java.time.Instant;

/** The request and answer bodies of {@code /v1/secrets}; an answer never carries the value, only a masked hint. */
public final class SecretViews {
    private SecretViews() {
    }

    /** {@code POST /v1/secrets} {@code {name, value}}; on PATCH only {@code value} (the name is what tools name). */
    public record SecretRequest(String name, String value) {
        @Override
        public String toString() {
            return "SecretRequest[" + name + "]";
        }
    }

    /** A secret as the API shows it. */
    public record Secret(String id, String name, String valueHint, Instant createdAt, Instant updatedAt) {
        static Secret of(WorkspaceSecret s) {
            return new Secret(s.id, s.name, s.valueHint, s.createdAt, s.updatedAt);
        }
    }
}
