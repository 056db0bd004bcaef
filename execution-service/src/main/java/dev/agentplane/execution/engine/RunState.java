package dev.agentplane.execution.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.tools.ToolCall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run stands, checkpointed after every step: the node it is in ({@code node}; {@link Graph#END} when
 * done), the base system prompt of a plain agent, the conversation so far, every node's last output, the
 * node path, the steps taken (for the result), the model calls and tokens used in all and in this node, and the
 * tool calls of the last model turn that have no result yet (server calls to run, client calls awaited). A run resumed on another replica continues from it.
 */
public final class RunState {
    public String node;
    public String system;
    public List<Turn> turns = new ArrayList<>();
    public Map<String, NodeOutput> outputs = new LinkedHashMap<>();
    public List<String> path = new ArrayList<>();
    public List<Step> steps = new ArrayList<>();
    public int modelCalls;
    public int nodeCalls;
    public int inputTokens;
    public int outputTokens;
    public boolean nodeStarted;
    public List<ToolCall> pendingCalls = new ArrayList<>();
    /** Calls of the last turn that the client runs (seed 003): the run is suspended until each has a result. */
    public List<ToolCall> awaiting = new ArrayList<>();
    /** The current node visit's reasoning steps, and whether its reasoning phase is over. */
    public List<String> reasoning = new ArrayList<>();
    public boolean reasoned;
    /** The run's credit hold, as topped up so far. */
    public Credits.Hold hold;

    /** A node's answer: the text and, for structured output, the parsed JSON. */
    public record NodeOutput(String text, JsonNode parsed) {
    }

    /**
     * One step of the run as the result lists it: a model call, a tool call, a reasoning step or a node's end.
     * Model calls and reasoning steps carry when they started (epoch ms), how long they took and what their
     * tokens cost under the hold's rule (the run's base cost is the run's), for the steps view.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Step(String type, String node, String name, String toolCallId, Integer inputTokens,
                       Integer outputTokens, Boolean error, String content, Long startedAtMs, Long durationMs,
                       Long cost) {
        static Step model(String node, int in, int out, long startedAtMs, long durationMs, long cost) {
            return new Step("model_call", node, null, null, in, out, null, null, startedAtMs, durationMs, cost);
        }

        static Step tool(String node, String name, String callId, boolean error) {
            return new Step("tool_call", node, name, callId, null, null, error, null, null, null, null);
        }

        static Step reasoning(String node, String content, int in, int out, long startedAtMs, long durationMs,
                              long cost) {
            return new Step("reasoning", node, null, null, in, out, null, content, startedAtMs, durationMs, cost);
        }
    }
}
