package dev.agentplane.execution.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks Bean Validation cannot express: message-or-content, lengths of parts, variable size, tool names. */
@ApplicationScoped
public class RequestChecks {
    public static final int MAX_MESSAGE = 65_536;
    public static final int MAX_VARIABLES_BYTES = 16 * 1024;

    @Inject
    ObjectMapper mapper;

    /** The user's input, or 400 INVALID_INPUT listing every problem. */
    public UserInput check(ExecuteRequest request) {
        List<FieldError> errors = new ArrayList<>();
        UserInput input = input(request, errors);
        if (variablesBytes(request) > MAX_VARIABLES_BYTES) {
            errors.add(new FieldError("variables", "inputs and variables together must be at most 16 KiB"));
        }
        if (request.clientTools() != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < request.clientTools().size(); i++) {
                var tool = request.clientTools().get(i);
                if (tool != null && tool.name() != null && !names.add(tool.name())) {
                    errors.add(new FieldError("client_tools[" + i + "].name", "is used by another client tool"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The request has invalid fields.", errors);
        }
        return input;
    }

    /** Request variables over session variables: inputs and variables merged. */
    public static Map<String, Object> variables(ExecuteRequest request) {
        Map<String, Object> merged = new HashMap<>();
        if (request.inputs() != null) {
            merged.putAll(request.inputs());
        }
        if (request.variables() != null) {
            merged.putAll(request.variables());
        }
        return merged;
    }

    private UserInput input(ExecuteRequest request, List<FieldError> errors) {
        if (request.message() != null) {
            checkLength("message", request.message(), errors);
            return new UserInput(request.message(), List.of());
        }
        JsonNode content = request.content();
        if (content == null || content.isNull()) {
            errors.add(new FieldError("message", "message or content is required"));
            return null;
        }
        if (content.isTextual()) {
            checkLength("content", content.asText(), errors);
            return new UserInput(content.asText(), List.of());
        }
        if (!content.isArray() || content.isEmpty()) {
            errors.add(new FieldError("content", "must be a string or a non-empty array of parts"));
            return null;
        }
        StringBuilder text = new StringBuilder();
        List<String> images = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText();
            if ("text".equals(type) && part.path("text").isTextual()) {
                text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asText());
            } else if ("image_url".equals(type) && part.path("image_url").path("url").isTextual()) {
                images.add(part.path("image_url").path("url").asText());
            } else {
                errors.add(new FieldError("content[" + i + "]", "must be a text or image_url part"));
            }
        }
        if (images.isEmpty() || !text.isEmpty()) {
            checkLength("content", text.toString(), errors);
        }
        return new UserInput(text.toString(), images);
    }

    private static void checkLength(String field, String text, List<FieldError> errors) {
        if (text.isEmpty() || text.length() > MAX_MESSAGE) {
            errors.add(new FieldError(field, "must be 1 to 65,536 characters"));
        }
    }

    private int variablesBytes(ExecuteRequest request) {
        try {
            int inputs = request.inputs() == null ? 0 : mapper.writeValueAsString(request.inputs()).getBytes(StandardCharsets.UTF_8).length;
            int vars = request.variables() == null ? 0 : mapper.writeValueAsString(request.variables()).getBytes(StandardCharsets.UTF_8).length;
            return inputs + vars;
        } catch (Exception e) {
            return Integer.MAX_VALUE;
        }
    }
}
