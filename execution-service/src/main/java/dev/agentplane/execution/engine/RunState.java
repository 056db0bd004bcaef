package dev.agentplane.execution.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.llm.LlmResult;
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
    /** Client calls whose results came in, announced as {@code tool_result} events when the run goes on. */
    public List<String> clientAnswered = new ArrayList<>();
    /** Calls of the last turn that wait for a person's decision (seed 004's requires_confirmation, governance). */
    public List<Approval> approvals = new ArrayList<>();
    /** The waiting node's pending action (a human gate's form, an external event), and its answer once given. */
    public Waiting waiting;
    /** Calls found in doubt after a crash that a person is asked about (confirmed, they run again). */
    public java.util.Set<String> inDoubt = new java.util.LinkedHashSet<>();
    /** Approvals a person rejected, told to the model (and announced) when the run goes on. */
    public List<ToolCall> rejected = new ArrayList<>();
    /** The current node visit's reasoning steps, and whether its reasoning phase is over. */
    public List<String> reasoning = new ArrayList<>();
    public boolean reasoned;
    /** The run's credit hold, as topped up so far. */
    public Credits.Hold hold;

    /** A call that waits for approval, and why (the method requires confirmation; the maturity level). */
    public record Approval(ToolCall call, String reason) {
    }

    /**
     * A node that waits: {@code kind} human_gate or external_event, the action's id (its tool_call_id), the event
     * it waits for, and the answer (null until given: a form's values, an event's payload).
     */
    public record Waiting(String kind, String node, String id, String event, JsonNode answer) {
        public Waiting answered(JsonNode value) {
            return new Waiting(kind, node, id, event, value);
        }
    }

    /** A person's decision on an approval: run it (with {@code arguments}, edited or as the model gave them) or not. */
    public record Decision(boolean confirmed, String arguments) {
    }

    /** A node's answer: the text and, for structured output, the parsed JSON. */
    public record NodeOutput(String text, JsonNode parsed) {
    }

    /**
     * One step of the run as the result lists it: a model call, a tool call, a reasoning step or a node's end. A
     * model call names the model that answered ({@code provider/model}) and, when fallbacks answered, why each
     * model tried before it did not ({@code fallbacks}); model calls and reasoning steps carry when they started
     * (epoch ms), how long they took and what their tokens cost under the hold's rule (the run's base cost is the
     * run's), for the steps view.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Step(String type, String node, String name, String toolCallId, Integer inputTokens,
                       Integer outputTokens, Boolean error, String content, String model, List<String> fallbacks,
                       Long startedAtMs, Long durationMs, Long cost) {
        static Step model(String node, LlmResult answer, long startedAtMs, long durationMs, long cost) {
            return new Step("model_call", node, null, null, answer.inputTokens(), answer.outputTokens(), null, null,
                    answer.model(), skipped(answer), startedAtMs, durationMs, cost);
        }

        static Step tool(String node, String name, String callId, boolean error) {
            return new Step("tool_call", node, name, callId, null, null, error, null, null, null, null, null, null);
        }

        /** A call that did not run: refused by governance or rejected by a person; {@code content} says why. */
        static Step refused(String node, String name, String callId, String why) {
            return new Step("tool_call", node, name, callId, null, null, true, why, null, null, null, null, null);
        }

        static Step reasoning(String node, String content, LlmResult thought, long startedAtMs, long durationMs,
                              long cost) {
            return new Step("reasoning", node, null, null, thought.inputTokens(), thought.outputTokens(), null, content,
                    thought.model(), skipped(thought), startedAtMs, durationMs, cost);
        }

        private static List<String> skipped(LlmResult answer) {
            return answer.skipped() == null || answer.skipped().isEmpty() ? null : answer.skipped();
        }
    }
}
