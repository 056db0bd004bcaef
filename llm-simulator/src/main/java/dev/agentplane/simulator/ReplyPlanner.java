package dev.agentplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the reply to a chat-completions request. Deterministic: the same request always gets the
 * same answer. Markers like {@code [sim:latency=50ms]} or {@code [sim:tokens=200]} in the last user
 * message override the configured defaults for that request.
 */
@ApplicationScoped
public class ReplyPlanner {
    private static final Pattern MARKER = Pattern.compile("\\[sim:([a-z_-]+)=([^\\]]*)]");

    @Inject
    SimulatorConfig config;

    public Reply plan(JsonNode request) {
        String lastUser = lastMessage(request, "user");
        Map<String, String> markers = markers(lastUser);
        int tokens = intMarker(markers, "tokens", config.completionTokens());
        Duration latency = durationMarker(markers, "latency", config.latency());
        Duration interval = durationMarker(markers, "interval", config.tokenInterval());
        return new Reply(answerTokens(lastUser, tokens), List.of(), promptTokens(request), latency, interval, 0, null);
    }

    static Map<String, String> markers(String text) {
        Map<String, String> found = new java.util.HashMap<>();
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            found.put(m.group(1), m.group(2));
        }
        return found;
    }

    /** "Simulated answer 1 2 3 …": as many whitespace-led words as tokens, so counts are exact. */
    static List<String> answerTokens(String prompt, int count) {
        List<String> tokens = new ArrayList<>(count);
        String[] lead = {"Simulated", " answer", " to", ":"};
        for (int i = 0; i < count; i++) {
            tokens.add(i < lead.length ? lead[i] : " w" + (i - lead.length + 1));
        }
        return tokens;
    }

    /** Roughly one token per word of every message, and at least one per message. */
    static int promptTokens(JsonNode request) {
        int total = 0;
        for (JsonNode message : request.path("messages")) {
            String content = contentText(message.path("content"));
            total += Math.max(1, content.isBlank() ? 0 : content.trim().split("\\s+").length);
        }
        return total;
    }

    static String lastMessage(JsonNode request, String role) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (role.equals(messages.get(i).path("role").asText())) {
                return contentText(messages.get(i).path("content"));
            }
        }
        return "";
    }

    /** Content is a string or an array of parts; only text parts count. */
    static String contentText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) {
                text.append(part.path("text").asText()).append(' ');
            }
        }
        return text.toString();
    }

    private static int intMarker(Map<String, String> markers, String name, int fallback) {
        try {
            return markers.containsKey(name) ? Math.max(0, Integer.parseInt(markers.get(name))) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Duration durationMarker(Map<String, String> markers, String name, Duration fallback) {
        String value = markers.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Long.parseLong(value.replace("ms", "")));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
