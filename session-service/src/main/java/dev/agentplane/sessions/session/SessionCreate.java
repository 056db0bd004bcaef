package dev.agentplane.sessions.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;
import dev.agentplane.sessions.support.Json;
import dev.agentplane.sessions.support.Limits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /v1/sessions}: an {@code agent_id}, or an agent/workflow config either under
 * {@code config} or as the body itself (every member that is not one of the session fields below).
 */
public record SessionCreate(@Size(max = 200) String agentId, @Size(max = 200) String title,
                            @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*") String externalUserId,
                            JsonNode metadata, JsonNode variables,
                            @Min(Limits.MIN_TTL_SECONDS) @Max(Limits.MAX_TTL_SECONDS) Long ttlSeconds,
                            JsonNode config) {

    static final Set<String> SESSION_FIELDS = Set.of("agent_id", "title", "external_user_id", "metadata",
            "variables", "ttl_seconds", "config");

    /** Splits a raw body into the session fields and the inline config (null when from agent_id). */
    public static SessionCreate parse(JsonNode body, Json json) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("body", "The body must be a JSON (or YAML) object.");
        }
        ObjectNode known = json.mapper().createObjectNode();
        ObjectNode rest = json.mapper().createObjectNode();
        body.fields().forEachRemaining(e -> (SESSION_FIELDS.contains(e.getKey()) ? known : rest)
                .set(e.getKey(), e.getValue()));
        SessionCreate req;
        try {
            req = json.mapper().treeToValue(known, SessionCreate.class);
        } catch (Exception e) {
            throw ApiException.invalid("body", "A session field has the wrong type (agent_id, title and "
                    + "external_user_id are strings, ttl_seconds a number).");
        }
        JsonNode config = req.config() != null && !req.config().isNull() ? req.config() : rest.isEmpty() ? null : rest;
        if (req.agentId() != null && config != null) {
            throw ApiException.invalid("agent_id", "Give either agent_id or an agent configuration, not both.");
        }
        if (req.agentId() == null && (config == null || !config.isObject() || config.isEmpty())) {
            throw ApiException.invalid("agent_id", "Give an agent_id or an agent configuration.");
        }
        return new SessionCreate(req.agentId(), req.title(), req.externalUserId(), req.metadata(), req.variables(),
                req.ttlSeconds(), config);
    }

    /** Checks metadata and variables: JSON objects within their size caps. */
    public static List<FieldError> checkMaps(JsonNode metadata, JsonNode variables, Json json) {
        List<FieldError> errors = new ArrayList<>();
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                errors.add(new FieldError("metadata", "must be an object"));
            } else if (metadata.size() > Limits.METADATA_KEYS || json.bytes(metadata) > Limits.METADATA_BYTES) {
                errors.add(new FieldError("metadata", "at most " + Limits.METADATA_KEYS + " keys and "
                        + Limits.METADATA_BYTES + " bytes"));
            }
        }
        if (variables != null && !variables.isNull()) {
            if (!variables.isObject()) {
                errors.add(new FieldError("variables", "must be an object"));
            } else if (json.bytes(variables) > Limits.VARIABLES_BYTES) {
                errors.add(new FieldError("variables", "at most " + Limits.VARIABLES_BYTES + " bytes of JSON per request"));
            }
        }
        return errors;
    }
}
