package dev.agentplane.execution.engine;

import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.intake.ExecutionPlan;

/**
 * What a run is held for up front: the model calls its graph is expected to make — one per node, its reasoning
 * steps, and a few more turns where it has tools (its knowledge bases count: it searches them) — within the step limit. Each call after the first reads the
 * answers before it again, so the input grows by at most max_tokens per call. A plain agent without tools is one
 * call: the hold of a single model call. Client tools offered by the request count as tools. A run that needs more tops its hold up ({@link HoldTopUp}).
 */
public final class HeldCalls {
    /** Extra model turns held for a node with tools (its first tool round and the answer after it). */
    static final int TURNS_WITH_TOOLS = 2;

    private HeldCalls() {
    }

    public static Credits.Charge most(ExecutionPlan plan) {
        Graph graph = Graph.of(plan.agent());
        int calls = calls(graph);
        // the tools of the agent's MCP servers and its HTTP tools, like client tools, are in no node's tool list: one
        // more tool round
        if (plan.agent().declaresTools() || !plan.clientTools().isEmpty()
                && graph.nodes().values().stream().anyMatch(Graph.Node::acceptsClientTools)) {
            calls = Math.min(graph.maxSteps(), calls + TURNS_WITH_TOOLS);
        }
        return charge(plan.agent().id(), plan.model().model(), plan.inputTokens(), plan.model().maxTokens(), calls);
    }

    /** The most {@code calls} model calls can use, starting from a prompt of {@code inputTokens}. */
    public static Credits.Charge charge(String agentId, String model, int inputTokens, Integer maxTokens, int calls) {
        int most = maxTokens == null ? 0 : maxTokens;
        long input = (long) calls * inputTokens + (long) most * calls * (calls - 1) / 2;
        return new Credits.Charge(agentId, model, (int) Math.min(Integer.MAX_VALUE, input),
                (int) Math.min(Integer.MAX_VALUE, (long) calls * most));
    }

    /** Model calls expected of the graph, bounded by its step limit. */
    public static int calls(Graph graph) {
        int calls = 0;
        for (Graph.Node node : graph.nodes().values()) {
            if (node.waits()) {
                continue;   // a human gate or an external event calls no model
            }
            calls += 1 + (node.reasoning() == null ? 0 : node.reasoning().maxSteps());
            boolean tools = node.tools() != null && node.tools().isArray() && !node.tools().isEmpty();
            if (tools || !node.knowledgeBases().isEmpty()) {
                calls += TURNS_WITH_TOOLS;
            }
        }
        return Math.max(1, Math.min(calls, graph.maxSteps()));
    }
}
