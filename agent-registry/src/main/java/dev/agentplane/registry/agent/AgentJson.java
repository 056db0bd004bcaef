package dev.agentplane.registry.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/** Stored definitions to and from JSON, and RFC 7386 merge patches on them. */
@ApplicationScoped
public class AgentJson {
    @Inject
    ObjectMapper mapper;

    public String write(AgentSpec spec) {
        try {
            return mapper.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public AgentSpec read(String json) {
        try {
            return mapper.readValue(json, AgentSpec.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored agent definition cannot be read", e);
        }
    }

    public ObjectNode tree(AgentSpec spec) {
        return mapper.valueToTree(spec);
    }

    /** Applies a JSON merge patch: objects merge member by member, null removes, anything else replaces. */
    public static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : ((ObjectNode) patch).objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNull()) {
                result.remove(f.getKey());
            } else {
                result.set(f.getKey(), merge(result.get(f.getKey()), f.getValue()));
            }
        }
        return result;
    }
}
