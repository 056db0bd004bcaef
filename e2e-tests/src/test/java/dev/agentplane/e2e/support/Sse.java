package dev.agentplane.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Server-sent events as the tests read them: each event's JSON data, in order. */
public final class Sse {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Sse() {
    }

    /** The data of every event in a whole SSE body. */
    public static List<JsonNode> parse(String body) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data:")) {
                try {
                    events.add(JSON.readTree(line.substring(5).trim()));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return events;
    }

    /**
     * A stream read to its end, or to where its connection went away (what arrived counts: the caller resumes with
     * Last-Event-ID), without heartbeats; anything but 200 fails.
     */
    public static List<JsonNode> read(HttpResponse<Stream<String>> response) {
        List<String> lines = new ArrayList<>();
        try (Stream<String> body = response.body()) {
            body.forEach(lines::add);
        } catch (UncheckedIOException dropped) {
            // the connection went away mid-stream
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("stream answered " + response.statusCode() + ": " + String.join("\n", lines));
        }
        return parse(String.join("\n", lines)).stream().filter(e -> !e.path("type").asText().equals("heartbeat")).toList();
    }
}
