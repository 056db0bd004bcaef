package dev.agentplane.registry.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.registry.agent.StructuredOutput;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the typed fields of a structured-output schema (the seeds' field map, or JSON Schema properties). */
final class StructuredFields {
    static final Set<String> TYPES = Set.of("str", "string", "int", "integer", "float", "number", "bool", "boolean",
            "list", "array", "dict", "object");

    private StructuredFields() {
    }

    /** The field-name → type map, or null when the agent has no enabled structured output. */
    static Map<String, String> of(StructuredOutput output) {
        if (output == null || Boolean.FALSE.equals(output.enabled()) || output.schema() == null
                || !output.schema().isObject()) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fieldsNode(output.schema()).fields().forEachRemaining(e -> fields.put(e.getKey(), typeOf(e.getValue())));
        return fields;
    }

    static JsonNode fieldsNode(JsonNode schema) {
        return schema.path("properties").isObject() ? schema.get("properties") : schema;
    }

    static String typeOf(JsonNode field) {
        JsonNode type = field.isTextual() ? field : field.path("type");
        return type.isTextual() ? type.asText() : null;
    }

    static void check(StructuredOutput output, Pointer at, List<ValidationIssue> issues) {
        if (output == null || Boolean.FALSE.equals(output.enabled())) {
            return;
        }
        JsonNode schema = output.schema();
        if (schema == null || schema.isNull() || (schema.isObject() && schema.isEmpty())) {
            issues.add(new ValidationIssue(at.at("schema").toString(), "REQUIRED",
                    "structured output needs a schema with at least one field"));
            return;
        }
        if (!schema.isObject()) {
            issues.add(new ValidationIssue(at.at("schema").toString(), "INVALID_SCHEMA", "must be an object"));
            return;
        }
        Pointer base = schema.path("properties").isObject() ? at.at("schema").at("properties") : at.at("schema");
        fieldsNode(schema).fields().forEachRemaining(e -> {
            String type = typeOf(e.getValue());
            if (type == null || !TYPES.contains(type)) {
                issues.add(new ValidationIssue(base.at(e.getKey()).at("type").toString(), "INVALID_SCHEMA",
                        "field type must be one of " + new java.util.TreeSet<>(TYPES)));
            }
        });
    }
}
