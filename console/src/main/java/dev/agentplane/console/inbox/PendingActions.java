package dev.agentplane.console.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.console.web.Json;

import java.util.ArrayList;
import java.util.List;

/** Pending actions as the answer forms show them: the arguments also as JSON text (to read, and to edit before approving). */
public final class PendingActions {
    private PendingActions() {
    }

    public static List<Object> view(JsonNode items) {
        List<Object> out = new ArrayList<>();
        for (JsonNode a : items) {
            ObjectNode copy = a.deepCopy();
            copy.put("arguments_json", Json.pretty(a.path("arguments")));
            if (!copy.hasNonNull("tool") && a.hasNonNull("name")) {
                copy.set("tool", a.get("name"));
            }
            out.add(Json.plain(copy));
        }
        return out;
    }
}
