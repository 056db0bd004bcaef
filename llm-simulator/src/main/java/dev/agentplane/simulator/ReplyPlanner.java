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
 * Decides the reply to a chat-completions request by rules on the request, deterministically (see
 * README.md for the markers). Markers like {@code [sim:tokens=200]} in the last user message, or in the
 * system message (which wins), override the configured defaults for that request.
 */
@ApplicationScoped
public class ReplyPlanner {
    private static final Pattern MARKER = Pattern.compile("\\[sim:([a-z_-]+)(?:=([^\\]]*))?]");
    private static final Pattern WORDS = Pattern.compile("\\s*\\S+");

    @Inject
    SimulatorConfig config;
    @Inject
    FailureBook failures;

    public Reply plan(JsonNode request) {
        String lastUser = lastMessage(request, "user");
        Map<String, String> markers = markers(lastUser);
        // a workflow node's instructions script that node (the user's message is the same for every node)
        markers.putAll(markers(firstMessage(request, "system")));
        int prompt = promptTokens(request);
        Duration latency = durationMarker(markers, "latency", config.latency());
        Duration interval = durationMarker(markers, "interval", config.tokenInterval());
        if (markers.containsKey("error")) {
            return Reply.error(intMarker(markers, "error", 500), "Simulated error.", prompt, latency);
        }
        if (markers.containsKey("fail-first")) {
            String id = markers.getOrDefault("id", lastUser);
            if (failures.shouldFail(id, intMarker(markers, "fail-count", 1))) {
                return Reply.error(intMarker(markers, "fail-first", 429), "Simulated transient error.", prompt, latency);
            }
        }
        if (markers.containsKey("hang")) {
            return new Reply(List.of(), List.of(), prompt, latency, interval, 0, null, true);
        }
        if (MemoryFacts.asked(request)) {
            return Reply.text(chunks(MemoryFacts.answer(request)), prompt, latency, interval);
        }
        JsonNode messages = request.path("messages");
        boolean afterTool = !messages.isEmpty()
                && "tool".equals(messages.get(messages.size() - 1).path("role").asText());
        if (afterTool) {
            String result = contentText(messages.get(messages.size() - 1).path("content"));
            return Reply.text(words("Tool said: " + result), prompt, latency, interval);
        }
        if (markers.containsKey("tool")) {
            String args = markers.getOrDefault("args", "{}");
            List<Reply.ToolCall> calls = new ArrayList<>();
            for (String name : markers.get("tool").split(",")) {
                calls.add(new Reply.ToolCall("call_" + name.trim() + "_" + calls.size(), name.trim(), args));
            }
            return new Reply(List.of(), calls, prompt, latency, interval, 0, null, false);
        }
        return Reply.text(answer(request, lastUser, markers), prompt, latency, interval);
    }

    private List<String> answer(JsonNode request, String lastUser, Map<String, String> markers) {
        if (markers.containsKey("json")) {
            return chunks(markers.get("json"));
        }
        JsonNode format = request.path("response_format");
        if ("json_schema".equals(format.path("type").asText())) {
            return chunks(JsonSampler.sample(format.path("json_schema").path("schema")).toString());
        }
        if ("json_object".equals(format.path("type").asText())) {
            return chunks("{\"answer\":\"Simulated answer\"}");
        }
        if (markers.containsKey("reply")) {
            return words(markers.get("reply"));
        }
        if (markers.containsKey("recall")) {
            List<String> earlier = new ArrayList<>();
            JsonNode messages = request.path("messages");
            for (int i = 0; i < messages.size() - 1; i++) {
                if ("user".equals(messages.get(i).path("role").asText())) {
                    earlier.add(MARKER.matcher(contentText(messages.get(i).path("content"))).replaceAll("").trim());
                }
            }
            return words("Earlier you said: " + (earlier.isEmpty() ? "nothing" : String.join(" | ", earlier)));
        }
        if (markers.containsKey("echo-system")) {
            return words("System: " + firstMessage(request, "system"));
        }
        if (markers.containsKey("echo")) {
            return words("Echo: " + MARKER.matcher(lastUser).replaceAll("").trim() + " | images: "
                    + String.join(" ", lastUserImages(request)));
        }
        return answerTokens(lastUser, intMarker(markers, "tokens", config.completionTokens()));
    }

    /** The image URLs (or data URIs) of the last user message's image_url parts. */
    static List<String> lastUserImages(JsonNode request) {
        JsonNode messages = request.path("messages");
        List<String> urls = new ArrayList<>();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                for (JsonNode part : messages.get(i).path("content")) {
                    if ("image_url".equals(part.path("type").asText())) {
                        urls.add(part.path("image_url").path("url").asText());
                    }
                }
                break;
            }
        }
        return urls;
    }

    static Map<String, String> markers(String text) {
        Map<String, String> found = new java.util.HashMap<>();
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            found.put(m.group(1), m.group(2) == null ? "" : m.group(2));
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

    /** One token per word, each with the whitespace before it. */
    static List<String> words(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = WORDS.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    /** JSON in chunks of up to 8 characters, so that it streams in several pieces. */
    static List<String> chunks(String text) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 8) {
            tokens.add(text.substring(i, Math.min(text.length(), i + 8)));
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

    static String firstMessage(JsonNode request, String role) {
        for (JsonNode message : request.path("messages")) {
            if (role.equals(message.path("role").asText())) {
                return contentText(message.path("content"));
            }
        }
        return "";
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
            return markers.containsKey(name) ? Math.max(0, Integer.parseInt(markers.get(name).trim())) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static Duration durationMarker(Map<String, String> markers, String name, Duration fallback) {
        String value = markers.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            String v = value.trim();
            return v.endsWith("ms") || !v.endsWith("s") ? Duration.ofMillis(Long.parseLong(v.replace("ms", "")))
                    : Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
