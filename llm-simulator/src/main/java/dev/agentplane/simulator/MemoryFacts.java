package dev.agentplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a memory extraction (a request whose json_schema is named {@code memory_facts}) the way a model would:
 * each {@code [sim:remember=The user lives in Paris]} in the exchange is a fact; {@code ;replaces=Lyon} after it
 * names the known fact (a {@code - [id] text} line of the system message containing "Lyon") it contradicts.
 */
final class MemoryFacts {
    static final String FORMAT = "memory_facts";
    private static final Pattern REMEMBER = Pattern.compile("\\[sim:remember=([^\\]]*)]");
    private static final Pattern KNOWN = Pattern.compile("(?m)^- \\[([^\\]]+)] (.*)$");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MemoryFacts() {
    }

    static boolean asked(JsonNode request) {
        return FORMAT.equals(request.path("response_format").path("json_schema").path("name").asText());
    }

    static String answer(JsonNode request) {
        String system = ReplyPlanner.firstMessage(request, "system");
        ObjectNode answer = MAPPER.createObjectNode();
        ArrayNode facts = answer.putArray("facts");
        for (JsonNode message : request.path("messages")) {
            if (!"user".equals(message.path("role").asText())) {
                continue;
            }
            Matcher m = REMEMBER.matcher(ReplyPlanner.contentText(message.path("content")));
            while (m.find()) {
                String[] parts = m.group(1).split(";replaces=", 2);
                ObjectNode fact = facts.addObject().put("fact", parts[0].trim());
                fact.put("replaces", parts.length == 2 ? known(system, parts[1].trim()) : null);
            }
        }
        return answer.toString();
    }

    private static String known(String system, String needle) {
        Matcher m = KNOWN.matcher(system);
        while (m.find()) {
            if (m.group(2).toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT))) {
                return m.group(1);
            }
        }
        return null;
    }
}
