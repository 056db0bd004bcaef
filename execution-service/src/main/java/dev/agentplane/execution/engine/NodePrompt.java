package dev.agentplane.execution.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.intake.PromptBuilder;
import dev.agentplane.execution.tools.ToolCall;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The messages one model call of a node sends. The node sees the run's conversation so far: the user's turns
 * and history as they are, its own answers, tool calls and results as its own, and other nodes' answers as
 * named user turns (a provider would take another node's assistant turn as its own words, and Anthropic as a
 * prefill). {@code {{node.output}}} and {{node.output.field}} in its instructions are replaced by earlier
 * nodes' outputs, {@code {{variables.x}}} by the run's variables.
 */
final class NodePrompt {
    private static final Pattern OUTPUT = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_-]+)\\.output((?:\\.[A-Za-z0-9_-]+)*)\\s*}}");

    private NodePrompt() {
    }

    static List<ChatMessage> messages(Graph graph, Graph.Node node, RunState state, Map<String, Object> variables) {
        List<ChatMessage> messages = new ArrayList<>();
        String system = graph.workflow() ? render(PromptBuilder.render(node.systemPrompt(), variables), state.outputs)
                : state.system;
        if (system != null && !system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        for (Turn turn : state.turns) {
            ChatMessage message = message(node.name(), turn);
            if (message != null) {
                messages.add(message);
            }
        }
        return messages;
    }

    private static ChatMessage message(String self, Turn turn) {
        boolean own = self.equals(turn.node());
        switch (turn.role()) {
            case "user":
                return user(turn);
            case "assistant":
                if (turn.node() == null) {
                    return AiMessage.from(turn.text());
                }
                if (own) {
                    return turn.callsTools() ? AiMessage.from(blankToNull(turn.text()), requests(turn.toolCalls()))
                            : AiMessage.from(turn.text());
                }
                return turn.callsTools() || turn.text() == null || turn.text().isBlank() ? null
                        : UserMessage.from(turn.node(), "[" + turn.node() + "] " + turn.text());
            case "tool":
                return own ? ToolExecutionResultMessage.from(turn.toolCallId(), turn.toolName(), turn.text()) : null;
            default:
                return null;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static List<ToolExecutionRequest> requests(List<ToolCall> calls) {
        List<ToolExecutionRequest> requests = new ArrayList<>();
        for (ToolCall call : calls) {
            requests.add(ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments(call.arguments()).build());
        }
        return requests;
    }

    private static ChatMessage user(Turn turn) {
        if (turn.images() == null || turn.images().isEmpty()) {
            return UserMessage.from(turn.text() == null ? "" : turn.text());
        }
        List<Content> parts = new ArrayList<>();
        if (turn.text() != null && !turn.text().isEmpty()) {
            parts.add(TextContent.from(turn.text()));
        }
        turn.images().forEach(url -> parts.add(ImageContent.from(url)));
        return UserMessage.from(parts);
    }

    /** Replaces {@code {{node.output}}} (its text) and {@code {{node.output.a.b}}} (a field of its parsed output). */
    static String render(String template, Map<String, RunState.NodeOutput> outputs) {
        if (template == null) {
            return "";
        }
        Matcher m = OUTPUT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode value = value(outputs, m.group(1), m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null || value.isNull() ? ""
                    : value.isValueNode() ? value.asText() : value.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The value a placeholder names: the node's text for {@code .output}, else a field of its parsed output. */
    static JsonNode value(Map<String, RunState.NodeOutput> outputs, String node, String fields) {
        RunState.NodeOutput output = outputs.get(node);
        if (output == null) {
            return null;
        }
        if (fields == null || fields.isEmpty()) {
            return output.parsed() != null ? output.parsed()
                    : com.fasterxml.jackson.databind.node.TextNode.valueOf(output.text());
        }
        JsonNode value = output.parsed();
        for (String field : fields.substring(1).split("\\.")) {
            value = value == null ? null : value.get(field);
        }
        return value;
    }

    /**
     * Where a node's run goes next: the first unconditional edge, or a boolean condition evaluated on the
     * outputs (the last placeholder in it decides: true, "true" or "yes", a non-zero number are yes). A node
     * without an edge out ends the run.
     */
    static String next(Graph graph, String from, Map<String, RunState.NodeOutput> outputs) {
        for (Graph.Edge edge : graph.edgesFrom().getOrDefault(from, List.of())) {
            if (!edge.conditional()) {
                return edge.to();
            }
            return truthy(condition(edge.condition(), outputs)) ? edge.yes() : edge.no();
        }
        return Graph.END;
    }

    private static JsonNode condition(String condition, Map<String, RunState.NodeOutput> outputs) {
        Matcher m = OUTPUT.matcher(condition);
        JsonNode last = null;
        while (m.find()) {
            last = value(outputs, m.group(1), m.group(2));
        }
        return last;
    }

    private static boolean truthy(JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.asDouble() != 0;
        }
        String text = value.asText().trim().toLowerCase();
        return text.equals("true") || text.equals("yes");
    }
}
