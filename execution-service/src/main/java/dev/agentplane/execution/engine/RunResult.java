package dev.agentplane.execution.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.billing.Credits;

import java.util.List;

/**
 * What a run produced: the last node's answer (text and parsed structured output), the tokens of every model
 * call, the cost under the hold's rule, the node path, the steps and the run's messages (each naming its node) and the hold it ran on (topped up, it may be more than it started with).
 */
public record RunResult(String text, JsonNode parsed, int inputTokens, int outputTokens, long cost,
                        List<String> path, List<RunState.Step> steps, List<Turn> turns, Credits.Hold hold,
                        boolean workflow) {
}
