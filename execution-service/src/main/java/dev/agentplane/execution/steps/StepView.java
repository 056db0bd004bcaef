package dev.agentplane.execution.steps;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.execution.ExecutionView;

import java.time.Instant;

/**
 * One step of an execution as {@code GET /v1/executions/{id}/steps} lists it: a model call or reasoning step
 * (timing, usage, cost of its tokens) or a tool call (toolkit, arguments, result, ledger state, timing).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepView(int index, String type, String node, String name, String toolkit, String toolCallId,
                       Instant startedAt, Instant completedAt, Long durationMs, ExecutionView.Usage usage, Long cost,
                       JsonNode arguments, JsonNode result, String state, Boolean isError, Integer attempts,
                       String content) {

    /** The steps of one execution, with the run's totals. */
    public record Steps(String executionId, String status, ExecutionView.Usage usage, long cost, java.util.List<StepView> steps) {
    }
}
