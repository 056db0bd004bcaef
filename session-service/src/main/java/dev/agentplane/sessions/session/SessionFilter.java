package dev.agentplane.sessions.session;

import dev.agentplane.kit.error.ApiException;
import io.quarkus.panache.common.Parameters;

import java.util.List;
import java.util.Set;

/** The filters of {@code GET /v1/sessions}; every one is optional. */
public record SessionFilter(String agentId, String status, String externalUserId, String kind, String metadataKey,
                            String metadataValue) {
    public static final List<String> SORTABLE = List.of("created_at", "updated_at");

    public SessionFilter {
        if (status != null && !Set.of(Session.ACTIVE, Session.ARCHIVED).contains(status)) {
            throw ApiException.invalid("status", "status must be active or archived");
        }
        if (kind != null && !Set.of(Session.KIND_SESSION, Session.KIND_CONVERSATION).contains(kind)) {
            throw ApiException.invalid("kind", "kind must be session or conversation");
        }
        if (metadataValue != null && metadataKey == null) {
            throw ApiException.invalid("metadata_value", "metadata_value needs metadata_key");
        }
    }

    void apply(List<String> where, Parameters params) {
        add(where, params, "agentId = :agentId", "agentId", agentId);
        add(where, params, "status = :status", "status", status);
        add(where, params, "externalUserId = :user", "user", externalUserId);
        add(where, params, "kind = :kind", "kind", kind);
        if (metadataKey != null && metadataValue == null) {
            add(where, params, "function('jsonb_exists', metadata, :mk) = true", "mk", metadataKey);
        }
        if (metadataValue != null) {
            add(where, params, "function('jsonb_extract_path_text', metadata, :mk) = :mv", "mk", metadataKey);
            params.and("mv", metadataValue);
        }
    }

    private static void add(List<String> where, Parameters params, String clause, String name, String value) {
        if (value != null && !value.isBlank()) {
            where.add(clause);
            params.and(name, value);
        }
    }

    static String property(String apiField) {
        return "updated_at".equals(apiField) ? "updatedAt" : "createdAt";
    }
}
