package dev.agentplane.execution.support;

import io.restassured.path.json.JsonPath;

import java.util.ArrayList;
import java.util.List;

/** Parses an SSE body into events (id and JSON data). */
public final class Sse {
    private Sse() {
    }

    /** One event: its id (null for heartbeats) and its JSON data. */
    public record Event(String id, JsonPath data) {
        public String type() {
            return data.getString("type");
        }
    }

    public static List<Event> parse(String body) {
        List<Event> events = new ArrayList<>();
        String id = null;
        StringBuilder data = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            } else if (line.isEmpty() && !data.isEmpty()) {
                events.add(new Event(id, new JsonPath(data.toString())));
                id = null;
                data.setLength(0);
            }
        }
        return events;
    }
}
