package dev.agentplane.execution.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.execution.ExecutionView;
import dev.agentplane.execution.tools.ledger.LedgerEntry;
import dev.agentplane.execution.tools.ledger.ToolLedger;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An execution's steps: the model turns from the run's stored steps, each server tool call joined with its
 * ledger row (a call is recorded under the number of model calls made before it and its call id). Calls of a
 * run still going, whose steps are stored only at its end, come from the ledger alone.
 */
@ApplicationScoped
public class ExecutionSteps {
    @Inject
    ExecutionStore store;
    @Inject
    ToolLedger ledger;
    @Inject
    ObjectMapper mapper;

    public StepView.Steps of(Caller caller, String id) {
        ExecutionView execution = store.find(caller.workspaceId(), id).filter(v -> caller.mayUseAgent(v.agentId()))
                .orElseThrow(() -> ApiException.notFound("EXECUTION_NOT_FOUND",
                        "No execution '" + id + "' exists in this workspace."));
        Map<String, LedgerEntry> calls = new LinkedHashMap<>();
        for (LedgerEntry call : ledger.calls(caller.workspaceId(), id)) {
            calls.put(key(call.step(), call.toolCallId()), call);
        }
        List<StepView> steps = new ArrayList<>();
        int modelCalls = 0;
        if (execution.steps() != null && execution.steps().isArray()) {
            for (JsonNode step : execution.steps()) {
                String type = step.path("type").asText();
                if ("tool_call".equals(type)) {
                    LedgerEntry call = calls.remove(key(modelCalls, step.path("tool_call_id").asText(null)));
                    steps.add(call != null ? tool(steps.size(), call) : clientTool(steps.size(), step));
                } else if ("model_call".equals(type) || "reasoning".equals(type)) {
                    modelCalls++;
                    steps.add(model(steps.size(), type, step));
                }
            }
        }
        for (LedgerEntry call : calls.values()) {
            steps.add(tool(steps.size(), call));
        }
        return new StepView.Steps(execution.executionId(), execution.status(), execution.usage(), execution.cost(), steps);
    }

    private static String key(Integer step, String callId) {
        return step + ":" + callId;
    }

    private static StepView model(int index, String type, JsonNode step) {
        int in = step.path("input_tokens").asInt();
        int out = step.path("output_tokens").asInt();
        Instant started = step.hasNonNull("started_at_ms") ? Instant.ofEpochMilli(step.get("started_at_ms").asLong()) : null;
        Long duration = step.hasNonNull("duration_ms") ? step.get("duration_ms").asLong() : null;
        return new StepView(index, type, step.path("node").asText(null), null, null, null, started,
                started == null || duration == null ? null : started.plusMillis(duration), duration,
                ExecutionView.Usage.of(in, out), step.hasNonNull("cost") ? step.get("cost").asLong() : null,
                null, null, null, null, null, step.path("content").asText(null));
    }

    private StepView tool(int index, LedgerEntry call) {
        return new StepView(index, "tool_call", call.node(), call.method(), call.toolkit(), call.toolCallId(),
                call.startedAt(), call.finishedAt(), call.durationMs(), null, null, json(call.arguments()),
                json(call.result()), call.state(), ToolLedger.FAILED.equals(call.state()) ? Boolean.TRUE
                : ToolLedger.DONE.equals(call.state()) ? Boolean.FALSE : null, call.attempts(), null);
    }

    /** A call the client ran (seed 003): not in the ledger; its result is in the run's messages. */
    private static StepView clientTool(int index, JsonNode step) {
        return new StepView(index, "tool_call", step.path("node").asText(null), step.path("name").asText(null),
                "client", step.path("tool_call_id").asText(null), null, null, null, null, null, null, null, null,
                step.path("error").isBoolean() ? step.get("error").asBoolean() : null, null, null);
    }

    /** A tool's arguments or result as JSON when they are JSON, else as text. */
    private JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (Exception e) {
            return mapper.getNodeFactory().textNode(text);
        }
    }
}
