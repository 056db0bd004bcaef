package dev.agentplane.sessions.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON text in jsonb columns to and from trees, with the service's one ObjectMapper. */
@ApplicationScoped
public class Json {
    @Inject
    ObjectMapper mapper;

    public JsonNode read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored JSON is unreadable", e);
        }
    }

    public String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size of a value as the UTF-8 bytes of its JSON text (what the 16 KiB caps measure). */
    public int bytes(Object value) {
        String text = write(value);
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
