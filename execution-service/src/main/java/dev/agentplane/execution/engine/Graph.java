package dev.agentplane.execution.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.execution.agent.AgentDefinition;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run executes: agents (nodes) and the edges between them. A plain agent is a graph of one node; a
 * {@code system_config} workflow (seed 001) has an entry point, edges and boolean conditions on a node's
 * structured output. {@code maxSteps} bounds the model calls of the whole run.
 */
public record Graph(String entry, Map<String, Node> nodes, Map<String, List<Edge>> edgesFrom, int maxSteps) {
    public static final String START = "__start__";
    public static final String END = "__end__";
    static final int DEFAULT_MAX_STEPS = 25;

    /**
     * One agent of the run: its instructions, model settings (null: the run's), tools, the JSON Schema of its
     * structured output (null: free text) and its reasoning phase (null: none).
     */
    public record Node(String name, String systemPrompt, AgentDefinition.LlmSettings llm, JsonNode tools,
                       JsonNode outputSchema, Reasoning reasoning, boolean acceptsClientTools,
                       List<String> knowledgeBases, Kind kind, String event, String description) {
        /** Whether the node waits for the outside (a person's form, an event) instead of calling a model. */
        boolean waits() {
            return kind != Kind.LLM_AGENT;
        }
    }

    /**
     * What a node does: an agent's loop; a human gate — the run waits for a person to fill in the form of its
     * output schema; an external event — the run waits until the event named {@code event} is posted to it.
     */
    public enum Kind {
        LLM_AGENT, HUMAN_GATE, EXTERNAL_EVENT;

        static Kind of(String type) {
            return "human_gate".equals(type) ? HUMAN_GATE : "external_event".equals(type) ? EXTERNAL_EVENT : LLM_AGENT;
        }
    }

    /** A bounded step-by-step reasoning phase before the node answers (seed 004's enable_reasoning). */
    public record Reasoning(int minSteps, int maxSteps) {
    }

    /** {@code from → to}, or {@code from} + a boolean condition routed to {@code yes} / {@code no}. */
    public record Edge(String from, String to, String condition, String yes, String no) {
        boolean conditional() {
            return condition != null;
        }
    }

    /** The graph of an agent version; the one node of a plain agent is named after the agent. */
    public static Graph of(AgentDefinition agent) {
        JsonNode workflow = agent.systemConfig();
        int maxSteps = agent.config() == null || agent.config().maxSteps() == null ? DEFAULT_MAX_STEPS
                : agent.config().maxSteps();
        if (workflow == null || !workflow.path("agents").isArray() || workflow.path("agents").isEmpty()) {
            String name = agent.name() == null || agent.name().isBlank() ? "agent" : agent.name();
            Node node = new Node(name, agent.systemPrompt(), null, agent.tools(),
                    agent.structured() ? jsonSchema(agent.structuredOutput().schema()) : null, reasoning(agent.config()),
                    agent.config() != null && Boolean.TRUE.equals(agent.config().acceptsClientTools()),
                    ids(agent.knowledgeBases()), Kind.LLM_AGENT, null, null);
            return new Graph(name, Map.of(name, node), Map.of(), maxSteps);
        }
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (JsonNode n : workflow.path("agents")) {
            nodes.put(n.path("name").asText(), node(n));
        }
        Map<String, List<Edge>> edges = new LinkedHashMap<>();
        String entry = text(workflow, "entry_point");
        for (JsonNode e : workflow.path("edges")) {
            JsonNode routing = e.path("routing");
            Edge edge = new Edge(text(e, "from"), text(e, "to"), text(e, "condition"),
                    first(routing, "yes", "true"), first(routing, "no", "false"));
            if (START.equals(edge.from()) && entry == null) {
                entry = edge.to();
            }
            edges.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge);
        }
        if (entry == null) {
            entry = nodes.keySet().iterator().next();
        }
        return new Graph(entry, nodes, edges, maxSteps);
    }

    /** Whether the run is a workflow of several agents (its events and result name the nodes). */
    public boolean workflow() {
        return nodes.size() > 1 || !edgesFrom.isEmpty();
    }

    private static Node node(JsonNode n) {
        JsonNode llm = n.path("llm_config");
        AgentDefinition.LlmSettings settings = llm.isObject() ? new AgentDefinition.LlmSettings(text(llm, "provider"),
                text(llm, "model"), llm.hasNonNull("temperature") ? llm.get("temperature").asDouble() : null,
                llm.hasNonNull("max_tokens") ? llm.get("max_tokens").asInt() : null) : null;
        JsonNode structured = n.path("structured_output");
        JsonNode schema = structured.path("enabled").asBoolean(false) && structured.hasNonNull("schema")
                ? jsonSchema(structured.get("schema")) : null;
        JsonNode config = n.path("config");
        Reasoning reasoning = config.path("enable_reasoning").asBoolean(false)
                ? new Reasoning(config.path("reasoning_min_steps").asInt(1), config.path("reasoning_max_steps").asInt(10))
                : null;
        return new Node(text(n, "name"), text(n, "system_prompt"), settings, n.get("tools"), schema, reasoning,
                config.path("accepts_client_tools").asBoolean(false), ids(n.get("knowledge_bases")),
                Kind.of(text(n, "agent_type")), text(n, "event"), text(n, "description"));
    }

    /** Knowledge base references are ids, or objects with an {@code id}. */
    private static List<String> ids(JsonNode references) {
        List<String> ids = new ArrayList<>();
        if (references != null && references.isArray()) {
            for (JsonNode ref : references) {
                String id = ref.isTextual() ? ref.asText() : ref.path("id").asText(null);
                if (id != null && !id.isBlank()) {
                    ids.add(id);
                }
            }
        }
        return List.copyOf(ids);
    }

    private static Reasoning reasoning(AgentDefinition.Settings config) {
        if (config == null || !Boolean.TRUE.equals(config.enableReasoning())) {
            return null;
        }
        int min = config.reasoningMinSteps() == null ? 1 : config.reasoningMinSteps();
        int max = config.reasoningMaxSteps() == null ? 10 : config.reasoningMaxSteps();
        return new Reasoning(Math.max(1, min), Math.max(min, max));
    }

    /**
     * The registry also accepts seed 001's short form {field: {type: bool|str|int|float|list|dict, description}};
     * providers want a JSON Schema, so the short form becomes an object schema with every field required.
     */
    public static JsonNode jsonSchema(JsonNode schema) {
        if (schema.has("type") || schema.has("properties") || schema.has("anyOf") || schema.has("$ref")) {
            return schema;
        }
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode properties = wrapped.putObject("properties");
        ArrayNode required = wrapped.putArray("required");
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            properties.set(field.getKey(), field(field.getValue()));
            required.add(field.getKey());
        }
        wrapped.put("additionalProperties", false);
        return wrapped;
    }

    private static JsonNode field(JsonNode declared) {
        if (!declared.isObject()) {
            return JsonNodeFactory.instance.objectNode().put("type", shortType(declared.asText()));
        }
        ObjectNode field = ((ObjectNode) declared).deepCopy();
        if (field.path("type").isTextual()) {
            field.put("type", shortType(field.get("type").asText()));
        }
        return field;
    }

    private static String shortType(String type) {
        return switch (type) {
            case "bool" -> "boolean";
            case "str" -> "string";
            case "int" -> "integer";
            case "float" -> "number";
            case "list" -> "array";
            case "dict" -> "object";
            default -> type;
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String first(JsonNode node, String field, String alias) {
        String value = text(node, field);
        return value != null ? value : text(node, alias);
    }
}
