package dev.agentplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A deterministic JSON value valid for a JSON schema (the subset structured outputs use: object,
 * array, string, integer, number, boolean, null, enum, const, anyOf): the answer to a request with
 * {@code response_format: json_schema}.
 */
final class JsonSampler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 12;

    private JsonSampler() {
    }

    static JsonNode sample(JsonNode schema) {
        return sample(schema, "value", 0);
    }

    private static JsonNode sample(JsonNode schema, String name, int depth) {
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            return schema.path("enum").get(0);
        }
        if (schema.path("anyOf").isArray() && !schema.path("anyOf").isEmpty()) {
            return sample(schema.path("anyOf").get(0), name, depth);
        }
        JsonNode type = schema.path("type");
        String t = type.isArray() ? type.get(0).asText() : type.asText(schema.has("properties") ? "object" : "string");
        return switch (t) {
            case "object" -> object(schema, depth);
            case "array" -> {
                ArrayNode array = JSON.createArrayNode();
                if (depth < MAX_DEPTH) {
                    array.add(sample(schema.path("items"), name, depth + 1));
                }
                yield array;
            }
            case "integer" -> JSON.getNodeFactory().numberNode(Math.max(1, schema.path("minimum").asInt(1)));
            case "number" -> JSON.getNodeFactory().numberNode(Math.max(1.5, schema.path("minimum").asDouble(1.5)));
            case "boolean" -> JSON.getNodeFactory().booleanNode(true);
            case "null" -> JSON.getNodeFactory().nullNode();
            default -> JSON.getNodeFactory().textNode("sample " + name);
        };
    }

    private static ObjectNode object(JsonNode schema, int depth) {
        ObjectNode object = JSON.createObjectNode();
        if (depth >= MAX_DEPTH) {
            return object;
        }
        schema.path("properties").fields().forEachRemaining(p -> object.set(p.getKey(),
                sample(p.getValue(), p.getKey(), depth + 1)));
        return object;
    }
}
