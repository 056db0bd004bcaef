package dev.agentplane.kit.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.kit.error.FieldError;

import java.util.Iterator;
import java.util.Map;

/**
 * What text the platform accepts from a client: no NUL character (PostgreSQL refuses 0x00 in text and jsonb,
 * so it failed deep inside a write) and no unpaired UTF-16 surrogate (not a character at all: the driver
 * and Kafka's encoder replace it silently, so what was stored differed from what was sent).
 */
public final class TextRules {
    private TextRules() {
    }

    /**
     * The first member name or string in a document parsed by other means than the request mapper (YAML) that
     * breaks the rules, as a field error with its path ("a.b[2]"), or null.
     */
    public static FieldError firstProblem(JsonNode node) {
        return firstProblem(node, "");
    }

    private static FieldError firstProblem(JsonNode node, String at) {
        if (node.isTextual()) {
            String problem = problem(node.textValue());
            return problem == null ? null : new FieldError(at.isEmpty() ? "body" : at, problem);
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                String path = at.isEmpty() ? member.getKey() : at + "." + member.getKey();
                String problem = problem(member.getKey());
                if (problem != null) {
                    return new FieldError(at.isEmpty() ? "body" : at, "member name " + problem);
                }
                FieldError inner = firstProblem(member.getValue(), path);
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                FieldError inner = firstProblem(node.get(i), at + "[" + i + "]");
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** Why {@code text} is refused, or {@code null} when it is acceptable. */
    public static String problem(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "must not contain a NUL character (\\u0000)";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain an unpaired UTF-16 surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain an unpaired UTF-16 surrogate";
            }
        }
        return null;
    }
}
