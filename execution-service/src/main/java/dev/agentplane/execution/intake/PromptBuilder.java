package dev.agentplane.execution.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.agent.AgentDefinition;
import dev.agentplane.execution.session.SessionContext;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the model's messages: rendered system prompt with the recalled memories, the last N runs, the user's turn. */
public final class PromptBuilder {
    /** What providers bill for one image at high detail, roughly: part of the credit hold. */
    static final int IMAGE_TOKENS = 1_100;
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*variables\\.([A-Za-z0-9_.-]+)\\s*}}");

    private PromptBuilder() {
    }

    public static List<ChatMessage> build(AgentDefinition agent, Map<String, Object> variables, SessionContext context,
                                          List<String> memories, UserInput input) {
        List<ChatMessage> messages = new ArrayList<>();
        String system = render(agent.systemPrompt(), variables);
        if (agent.memoryEnabled() && !memories.isEmpty()) {
            StringBuilder facts = new StringBuilder(system.isEmpty() ? "" : system + "\n\n");
            facts.append("Known facts about the user:");
            memories.forEach(m -> facts.append("\n- ").append(m));
            system = facts.toString();
        }
        if (!system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        if (context != null && agent.historyEnabled()) {
            history(context.historyOrEmpty(), agent.historyRuns(), messages);
        }
        messages.add(user(input));
        return messages;
    }

    /** Replaces {{ variables.x }}; unknown variables render as nothing. */
    public static String render(String template, Map<String, Object> variables) {
        if (template == null) {
            return "";
        }
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = variables.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void history(List<SessionContext.HistoryMessage> history, int runs, List<ChatMessage> into) {
        for (SessionContext.HistoryMessage message : SessionContext.lastRuns(history, runs)) {
            String text = text(message.content());
            if ("user".equals(message.role()) && !text.isEmpty()) {
                into.add(UserMessage.from(text));
            } else if ("assistant".equals(message.role()) && !text.isEmpty()) {
                into.add(AiMessage.from(text));
            }
        }
    }

    private static ChatMessage user(UserInput input) {
        String text = withDocuments(input);
        if (input.imageUrls().isEmpty()) {
            return UserMessage.from(text);
        }
        List<Content> parts = new ArrayList<>();
        if (!text.isEmpty()) {
            parts.add(TextContent.from(text));
        }
        input.imageUrls().forEach(url -> parts.add(ImageContent.from(url)));
        return UserMessage.from(parts);
    }

    /** The user's text followed by each attached document, delimited so the model can tell them apart. */
    static String withDocuments(UserInput input) {
        if (input.documents().isEmpty()) {
            return input.text();
        }
        StringBuilder text = new StringBuilder(input.text());
        for (UserInput.Document document : input.documents()) {
            text.append(text.isEmpty() ? "" : "\n\n").append("<attachment name=\"").append(document.filename())
                    .append("\" type=\"").append(document.contentType()).append(document.truncated() ? "\" truncated=\"true" : "")
                    .append("\">\n").append(document.text()).append("\n</attachment>");
        }
        return text.toString();
    }

    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) {
                text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asText());
            }
        }
        return text.toString();
    }

    /**
     * A generous token estimate for the credit hold (1.5 per word plus message overhead): billing caps a
     * charge at the hold, so an estimate below the provider's count would undercharge.
     */
    public static int estimateTokens(List<ChatMessage> messages) {
        int total = 0;
        for (ChatMessage message : messages) {
            String text = message instanceof SystemMessage s ? s.text()
                    : message instanceof AiMessage a ? a.text()
                    : message instanceof UserMessage u ? userText(u) : "";
            int words = text == null || text.isBlank() ? 0 : text.trim().split("\\s+").length;
            total += (int) Math.ceil(words * 1.5) + 4;
            if (message instanceof UserMessage u) {
                total += IMAGE_TOKENS * (int) u.contents().stream().filter(ImageContent.class::isInstance).count();
            }
        }
        return total;
    }

    private static String userText(UserMessage message) {
        StringBuilder text = new StringBuilder();
        message.contents().stream().filter(TextContent.class::isInstance)
                .forEach(c -> text.append(((TextContent) c).text()).append(' '));
        return text.toString();
    }
}
