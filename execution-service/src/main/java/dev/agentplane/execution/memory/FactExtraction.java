package dev.agentplane.execution.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The model call that turns a finished exchange into facts about the user: its prompt (the exchange and the
 * user's stored facts most relevant to it, with their ids) and the reading of its answer. The model, not a
 * similarity score, decides that a new fact contradicts a stored one: "lives in Paris" and "lives in Lyon"
 * embed close together, yet both can be true of different times only when the model says so.
 */
final class FactExtraction {
    /** The response format's name; the llm-simulator answers requests with this name from its memory markers. */
    static final String FORMAT_NAME = "memory_facts";
    static final int MAX_FACTS = 5;
    static final int MAX_FACT_CHARS = 300;
    private static final int MAX_EXCHANGE_CHARS = 8_000;
    private static final String SCHEMA = """
            {"type":"object","properties":{"facts":{"type":"array","items":{"type":"object","properties":{
            "fact":{"type":"string"},"replaces":{"type":["string","null"]}},"required":["fact","replaces"],
            "additionalProperties":false}}},"required":["facts"],"additionalProperties":false}""";
    static final ResponseFormat FORMAT = ResponseFormat.builder().type(ResponseFormatType.JSON)
            .jsonSchema(JsonSchema.builder().name(FORMAT_NAME).rootElement(JsonRawSchema.from(SCHEMA)).build()).build();
    private static final String INSTRUCTIONS = """
            You keep long-term memory about the user of an assistant. From the exchange below, extract lasting facts \
            about the user: who they are, where they live or work, what they prefer, own, plan or need. Write each \
            as one short sentence in the third person ("The user lives in Lyon."). Leave out questions, facts about \
            the assistant and anything that matters only in this conversation. Do not repeat a known fact. When the \
            user now says something that contradicts a known fact, give the new fact with "replaces" set to the id \
            of the fact it replaces; otherwise "replaces" is null. Answer with JSON only: \
            {"facts": [{"fact": "...", "replaces": null}]}, with an empty list when there is nothing new.""";

    /** A fact the model found; {@code replaces} is the id of a known fact or null. */
    record Fact(String fact, String replaces) {
    }

    private FactExtraction() {
    }

    static List<ChatMessage> prompt(List<MemoryApi.Memory> known, String userText, String answer) {
        StringBuilder system = new StringBuilder(INSTRUCTIONS).append("\n\nKnown facts:");
        if (known.isEmpty()) {
            system.append("\n(none)");
        }
        known.forEach(m -> system.append("\n- [").append(m.id()).append("] ").append(m.fact()));
        String exchange = "User: " + clip(userText) + "\n\nAssistant: " + clip(answer);
        return List.of(SystemMessage.from(system.toString()), UserMessage.from(exchange));
    }

    /**
     * The facts of the model's answer: at most {@link #MAX_FACTS}, each clipped, a {@code replaces} kept only when it
     * names one of the known facts (a model cannot make us touch another memory). An answer that is not the JSON
     * asked for yields none.
     */
    static List<Fact> read(ObjectMapper mapper, String text, List<MemoryApi.Memory> known) {
        if (text == null) {
            return List.of();
        }
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        if (start < 0 || end <= start) {
            return List.of();
        }
        JsonNode facts;
        try {
            facts = mapper.readTree(text.substring(start, end + 1)).path("facts");
        } catch (Exception e) {
            return List.of();
        }
        Set<String> ids = known.stream().map(MemoryApi.Memory::id).collect(Collectors.toSet());
        Map<String, Fact> out = new LinkedHashMap<>();
        for (JsonNode f : facts) {
            String fact = f.path("fact").asText("").strip();
            String replaces = f.path("replaces").isTextual() && ids.contains(f.path("replaces").asText())
                    ? f.path("replaces").asText() : null;
            if (!fact.isEmpty() && out.size() < MAX_FACTS) {
                out.putIfAbsent(fact, new Fact(fact.length() > MAX_FACT_CHARS ? fact.substring(0, MAX_FACT_CHARS) : fact,
                        replaces));
            }
        }
        return new ArrayList<>(out.values());
    }

    private static String clip(String text) {
        String t = text == null ? "" : text;
        return t.length() > MAX_EXCHANGE_CHARS ? t.substring(0, MAX_EXCHANGE_CHARS) : t;
    }
}
