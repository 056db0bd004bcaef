package dev.agentplane.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** API JSON as maps and lists, which the templates read as {@code item.name}. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static Object plain(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : MAPPER.convertValue(node, Object.class);
    }

    public static String pretty(JsonNode node) {
        try {
            return node == null || node.isMissingNode() ? "" : MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (java.io.IOException e) {
            return node.toString();
        }
    }
}
