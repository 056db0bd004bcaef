package dev.agentplane.execution.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.agent.AgentDefinition;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.execution.Cancellations;
import dev.agentplane.execution.intake.ExecuteRequest;
import dev.agentplane.execution.intake.ExecutionPlan;
import dev.agentplane.execution.intake.PromptBuilder;
import dev.agentplane.execution.llm.LlmGateway;
import dev.agentplane.execution.llm.LlmResult;
import dev.agentplane.execution.llm.ModelSpec;
import dev.agentplane.execution.stream.ExecutionStreams;
import dev.agentplane.execution.tools.Gate;
import dev.agentplane.execution.tools.Governance;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.execution.tools.ToolSpec;
import dev.agentplane.execution.tools.Tools;
import dev.agentplane.execution.tools.ledger.ToolInDoubtException;
import dev.agentplane.execution.tools.toolkit.RiskLevel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.ToolSpecificationJsonUtils;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an execution's graph, step by step: in each node, the agent loop (model call → its tool calls run,
 * in parallel up to a bound → results back to the model → … until it answers without tools), after an optional
 * reasoning phase; then the edge out of the node picks the next one, until {@code __end__}. Every step is
 * checkpointed ({@link Checkpoints}), so a run can go on from its last step on another replica. Before each
 * model call the step limit, the request's {@code max_cost} and the credit hold are checked; a run that would
 * pass one of them stops there ({@link RunStopped}) with what it produced so far.
 */
@ApplicationScoped
public class RunEngine {
    /** The error code a call refused by governance (deny) gets, as seed 002 names it. */
    public static final String GOVERNANCE_VIOLATION = "GOVERNANCE_VIOLATION";
    /** The error code of a call a person rejected. */
    public static final String REJECTED = "REJECTED_BY_USER";

    @Inject
    LlmGateway llm;
    @Inject
    Tools tools;
    @Inject
    ExecutionStreams streams;
    @Inject
    Checkpoints checkpoints;
    @Inject
    Cancellations cancellations;
    @Inject
    HoldTopUp topUp;
    @Inject
    CallPricing pricing;
    @Inject
    Overlap overlap;
    @Inject
    EngineConfig config;
    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry meters;

    /** Runs this replica is stepping through now (a suspended run is not one: it holds nothing). */
    private final AtomicInteger running = new AtomicInteger();

    @PostConstruct
    void gauge() {
        Gauge.builder("agentplane.engine.runs.active", running, AtomicInteger::get)
                .description("Runs this replica is executing now (suspended runs are not counted)").register(meters);
    }

    /** The first state of a new run, checkpointed with its plan: the planned prompt as the conversation. */
    public RunState begin(ExecutionPlan plan) {
        RunState state = new RunState();
        state.node = Graph.of(plan.agent()).entry();
        state.hold = plan.hold();
        for (ChatMessage message : plan.prompt()) {
            if (message instanceof SystemMessage system) {
                state.system = system.text();
            } else if (message instanceof UserMessage user) {
                state.turns.add(user(user));
            } else if (message instanceof AiMessage ai) {
                state.turns.add(Turn.history("assistant", ai.text()));
            }
        }
        checkpoints.start(RunPlan.of(plan));
        checkpoints.save(plan.executionId(), state);
        return state;
    }

    /** Runs from {@code state} to the end of the graph (or a cancel); {@code streamText} relays tokens as {@code text} events. */
    public RunResult run(ExecutionPlan plan, RunState state, boolean streamText) {
        running.incrementAndGet();
        try {
            return steps(plan, state, streamText);
        } finally {
            running.decrementAndGet();
        }
    }

    private RunResult steps(ExecutionPlan plan, RunState state, boolean streamText) {
        Graph graph = Graph.of(plan.agent());
        String id = plan.executionId();
        while (!Graph.END.equals(state.node) && !cancellations.isCancelled(id)) {
            Graph.Node node = graph.nodes().get(state.node);
            if (node == null) {
                throw new IllegalStateException("the workflow has no node '" + state.node + "'");
            }
            if (!state.nodeStarted) {
                state.nodeStarted = true;
                state.nodeCalls = 0;
                if (graph.workflow()) {
                    streams.publish(id, "node_start", Map.of("node", node.name()));
                }
            }
            int in = state.inputTokens;
            int out = state.outputTokens;
            long repriced = state.repriced;
            RunState.NodeOutput output = node.waits() ? waitAt(id, node, state) : runNode(plan, graph, node, state, streamText);
            if (output == null) {
                break;
            }
            state.path.add(node.name());
            if (graph.workflow()) {
                Map<String, Object> done = new LinkedHashMap<>();
                done.put("node", node.name());
                done.put("output", output.text());
                done.put("parsed_output", output.parsed());
                done.put("usage", usage(state.inputTokens - in, state.outputTokens - out));
                done.put("cost", tokensCost(state.hold, state.inputTokens - in, state.outputTokens - out)
                        + state.repriced - repriced);
                streams.publish(id, "node_complete", done);
            }
            state.node = NodePrompt.next(graph, node.name(), state.outputs);
            state.nodeStarted = false;
            state.reasoning = new ArrayList<>();
            state.reasoned = false;
            checkpoints.save(id, state);
        }
        return result(state, graph);
    }

    /** One node: reasoning, then model turns and their tool calls until an answer; null when cancelled. */
    private RunState.NodeOutput runNode(ExecutionPlan plan, Graph graph, Graph.Node node, RunState state,
                                        boolean streamText) {
        String id = plan.executionId();
        ToolContext context = new ToolContext(plan.caller(), id, plan.agent().id(), node.name(), null,
                node.knowledgeBases(), plan.agent().version(), plan.agent().mcpServers(), plan.agent().httpTools());
        ModelSpec model = model(plan.model(), node.llm());
        List<ToolSpec> offered = new ArrayList<>(tools.offered(context, node.tools()));
        List<String> clientNames = new ArrayList<>();
        if (node.acceptsClientTools()) {
            for (ExecuteRequest.ClientTool tool : plan.clientTools()) {
                offered.add(new ToolSpec(tool.name(), tool.description(), tool.parameters()));
                clientNames.add(tool.name());
            }
        }
        List<ToolSpecification> specs = specifications(offered);
        List<String> serverNames = offered.stream().map(ToolSpec::name).filter(n -> !clientNames.contains(n)).toList();
        announceClientResults(id, state);
        if (!state.pendingCalls.isEmpty() || !state.rejected.isEmpty()) {
            // resumed after the model asked for tools: their results first (the ledger answers finished calls)
            runTools(plan, node, context, state, serverNames);
        }
        while (node.reasoning() != null && !state.reasoned && !cancellations.isCancelled(id)) {
            reason(plan, graph, node, model, state);
        }
        ResponseFormat format = format(node.outputSchema());
        Governance governance = governance(plan.agent());
        while (!cancellations.isCancelled(id)) {
            List<ChatMessage> messages = withReasoning(NodePrompt.messages(graph, node, state, plan.variables()), state);
            long began = System.currentTimeMillis();
            Priced priced = call(plan, graph, model, messages, format, specs, state, streamText);
            LlmResult answer = priced.answer();
            state.steps.add(RunState.Step.model(node.name(), answer, began, System.currentTimeMillis() - began,
                    priced.cost()));
            if (answer.callsTools()) {
                List<ToolCall> calls = calls(answer.message());
                state.turns.add(Turn.answer(node.name(), answer.text(), calls));
                List<ToolCall> forClient = new ArrayList<>();
                List<RunState.Approval> approvals = new ArrayList<>();
                List<ToolCall> toRun = new ArrayList<>();
                for (ToolCall call : calls) {
                    if (clientNames.contains(call.name())) {
                        forClient.add(call);
                        continue;
                    }
                    Gate gate = serverNames.contains(call.name()) ? tools.gate(context, call, governance) : Gate.RUN;
                    switch (gate.verdict()) {
                        case RUN -> toRun.add(call);
                        case APPROVE -> approvals.add(new RunState.Approval(call, gate.reason()));
                        case DENY -> refuse(id, node.name(), state, call, GOVERNANCE_VIOLATION, gate.reason());
                    }
                }
                state.pendingCalls = toRun;
                state.awaiting = forClient;
                state.approvals = approvals;
                checkpoints.save(id, state);
                runTools(plan, node, context, state, serverNames);
                if (!forClient.isEmpty() || !approvals.isEmpty()) {
                    throw new RunSuspended(forClient, approvals, state);
                }
                continue;
            }
            RunState.NodeOutput output = new RunState.NodeOutput(answer.text(), format == null ? null : parse(answer.text()));
            state.outputs.put(node.name(), output);
            state.turns.add(Turn.answer(node.name(), answer.text(), null));
            checkpoints.save(id, state);
            return output;
        }
        return null;
    }

    /**
     * A node that waits for the outside: the first visit suspends the run with a pending action (a person's form, an
     * external event); when its answer has come, the answer is the node's output (parsed JSON and its text).
     */
    private RunState.NodeOutput waitAt(String id, Graph.Node node, RunState state) {
        RunState.Waiting waiting = state.waiting;
        if (waiting == null || !waiting.node().equals(node.name())) {
            String kind = node.kind() == Graph.Kind.HUMAN_GATE ? "human_gate" : "external_event";
            state.waiting = new RunState.Waiting(kind, node.name(), kind + "_" + node.name() + "_" + state.path.size(),
                    node.event(), null);
            checkpoints.save(id, state);
            throw RunSuspended.waitingAt(node, state);
        }
        if (waiting.answer() == null) {
            throw RunSuspended.waitingAt(node, state);
        }
        JsonNode answer = waiting.answer();
        RunState.NodeOutput output = new RunState.NodeOutput(answer.isTextual() ? answer.asText() : answer.toString(),
                answer.isObject() || answer.isArray() ? answer : null);
        state.outputs.put(node.name(), output);
        state.waiting = null;
        state.turns.add(Turn.answer(node.name(), output.text(), null));
        return output;
    }

    /** One reasoning step: the model thinks aloud; the phase ends at max steps, or after min when it says it is done. */
    private void reason(ExecutionPlan plan, Graph graph, Graph.Node node, ModelSpec model, RunState state) {
        Graph.Reasoning bounds = node.reasoning();
        int step = state.reasoning.size() + 1;
        List<ChatMessage> messages = NodePrompt.messages(graph, node, state, plan.variables());
        messages.add(UserMessage.from(ReasoningPrompt.step(state.reasoning, step, bounds)));
        long began = System.currentTimeMillis();
        Priced priced = call(plan, graph, model, messages, null, List.of(), state, false);
        LlmResult thought = priced.answer();
        String text = thought.text().trim();
        state.reasoning.add(text);
        state.steps.add(RunState.Step.reasoning(node.name(), text, thought, began, System.currentTimeMillis() - began,
                priced.cost()));
        streams.publish(plan.executionId(), "reasoning", Map.of("node", node.name(), "step", step, "content", text));
        state.reasoned = step >= bounds.maxSteps() || (step >= bounds.minSteps() && ReasoningPrompt.done(text));
        checkpoints.save(plan.executionId(), state);
    }

    private static List<ChatMessage> withReasoning(List<ChatMessage> messages, RunState state) {
        if (!state.reasoning.isEmpty()) {
            messages.add(UserMessage.from(ReasoningPrompt.answer(state.reasoning)));
        }
        return messages;
    }

    /** A model answer and what its tokens cost on the model that gave it. */
    private record Priced(LlmResult answer, long cost) {
    }

    /**
     * A model call after the step limit, max_cost and the hold are checked; its tokens are added to the run's and
     * priced on the model that answered.
     */
    private Priced call(ExecutionPlan plan, Graph graph, ModelSpec model, List<ChatMessage> messages,
                           ResponseFormat format, List<ToolSpecification> specs, RunState state, boolean streamText) {
        if (state.modelCalls >= graph.maxSteps()) {
            throw stop(RunStopped.StopCode.STEP_LIMIT_EXCEEDED, "The run reached its step limit of " + graph.maxSteps()
                    + " model calls (max_steps) before it ended.", state, graph);
        }
        checkBudget(plan, graph, model, messages, state);
        String id = plan.executionId();
        LlmResult answer = streamText
                ? llm.stream(model, messages, format, specs, chunk -> {
                    if (!cancellations.isCancelled(id)) {
                        streams.publish(id, "text", Map.of("text", chunk));
                    }
                })
                : llm.chat(model, messages, format, specs);
        state.modelCalls++;
        state.nodeCalls++;
        state.inputTokens += answer.inputTokens();
        state.outputTokens += answer.outputTokens();
        return new Priced(answer, pricing.price(plan, state, answer));
    }

    /**
     * Stops before a model call whose most cost would pass the request's max_cost; tops the hold up when the
     * call could cost more than is held (the first call is always covered: the hold was priced on it).
     */
    private void checkBudget(ExecutionPlan plan, Graph graph, ModelSpec model, List<ChatMessage> messages,
                             RunState state) {
        Credits.Hold hold = state.hold;
        if (hold == null || hold.price() == null) {
            return;
        }
        int in = state.inputTokens + PromptBuilder.estimateTokens(messages);
        int out = state.outputTokens + (model.maxTokens() == null ? 0 : model.maxTokens());
        long most = uncapped(hold, in, out) + state.repriced;
        if (plan.maxCost() != null && most > plan.maxCost()) {
            throw stop(RunStopped.StopCode.BUDGET_EXCEEDED, "The next model call could cost more than the request's"
                    + " max_cost of " + plan.maxCost() + "; the run stopped before it.", state, graph);
        }
        if (state.modelCalls > 0 && most > hold.amount()) {
            state.hold = topUp.extend(plan, hold, PromptBuilder.estimateTokens(messages), out - state.outputTokens)
                    .orElseThrow(() -> stop(RunStopped.StopCode.INSUFFICIENT_CREDITS, "The run needs more credits than"
                            + " it holds and no more could be held; it stopped before its next model call.", state, graph));
        }
    }

    /**
     * The answers of a suspended run: the client's results of its awaited calls, in the order the model made them
     * (a call without a result counts as failed), and a person's decisions on its approvals — a confirmed call runs
     * when the run goes on, with the arguments the person gave if any; a rejected one (or one without a decision)
     * is told to the model as rejected; and what a waiting node waited for ({@code waited}: a form's values, an
     * event's payload), its output when the run goes on.
     */
    public RunState answered(RunState state, Map<String, ToolResult> results, Map<String, RunState.Decision> decisions,
                             JsonNode waited) {
        String node = state.node;
        if (state.waiting != null && waited != null) {
            state.waiting = state.waiting.answered(waited);
        }
        for (ToolCall call : state.awaiting) {
            ToolResult result = results.getOrDefault(call.id(), ToolResult.error(call, "No result was given."));
            state.turns.add(Turn.toolResult(node, call.id(), call.name(), result.content(), result.error()));
            state.steps.add(RunState.Step.tool(node, call.name(), call.id(), result.error()));
            state.clientAnswered.add(call.id());
        }
        state.awaiting = new ArrayList<>();
        for (RunState.Approval approval : state.approvals) {
            ToolCall call = approval.call();
            RunState.Decision decision = decisions.get(call.id());
            if (decision != null && decision.confirmed()) {
                state.pendingCalls.add(decision.arguments() == null ? call
                        : new ToolCall(call.id(), call.name(), decision.arguments()));
            } else {
                state.inDoubt.remove(call.id());
                state.rejected.add(call);
            }
        }
        state.approvals = new ArrayList<>();
        return state;
    }

    /** The results the client gave, on the resumed run's stream, as a server tool's would be. */
    private void announceClientResults(String id, RunState state) {
        for (String callId : state.clientAnswered) {
            state.turns.stream().filter(t -> "tool".equals(t.role()) && callId.equals(t.toolCallId())).reduce((a, b) -> b)
                    .ifPresent(turn -> {
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("node", turn.node());
                        data.put("tool_call_id", callId);
                        data.put("name", turn.toolName());
                        data.put("result", turn.text());
                        data.put("is_error", turn.error());
                        data.put("source", "client");
                        streams.publish(id, "tool_result", data);
                    });
        }
        state.clientAnswered = new ArrayList<>();
    }

    /** A call that does not run, told to the model as an error: refused by governance, or rejected by a person. */
    private void refuse(String id, String node, RunState state, ToolCall call, String code, String why) {
        announce(id, node, call);
        String content = code + ": " + why;
        state.turns.add(Turn.toolResult(node, call.id(), call.name(), content, true));
        state.steps.add(RunState.Step.refused(node, call.name(), call.id(), content));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("node", node);
        data.put("tool_call_id", call.id());
        data.put("name", call.name());
        data.put("result", content);
        data.put("is_error", true);
        data.put("code", code);
        streams.publish(id, "tool_result", data);
    }

    private void announce(String id, String node, ToolCall call) {
        Map<String, Object> announced = new LinkedHashMap<>();
        announced.put("node", node);
        announced.put("tool_call_id", call.id());
        announced.put("name", call.name());
        announced.put("arguments", arguments(call));
        streams.publish(id, "tool_call", announced);
    }

    /** The agent's governance: what its maturity level may call unattended, and what happens above it. */
    static Governance governance(AgentDefinition agent) {
        RiskLevel max = agent.maxRisk() == null ? null : RiskLevel.of(agent.maxRisk());
        return new Governance(agent.maturityLevel(), max, agent.governanceDenies());
    }

    /**
     * Runs the server calls of the last turn (only tools the node offered: a model may name any tool), as one step
     * of the run: the ledger tells a call apart by the turn that asked for it, since providers reuse call ids.
     */
    private void runTools(ExecutionPlan plan, Graph.Node node, ToolContext nodeContext, RunState state,
                          List<String> offered) {
        String id = plan.executionId();
        for (ToolCall call : state.rejected) {
            refuse(id, node.name(), state, call, REJECTED, "The user rejected this call; it did not run.");
        }
        state.rejected = new ArrayList<>();
        List<ToolCall> calls = state.pendingCalls;
        if (calls.isEmpty()) {
            checkpoints.save(id, state);
            return;
        }
        ToolContext context = nodeContext.atStep(state.modelCalls);
        List<ToolResult> results = new ArrayList<>();
        List<RunState.Approval> doubted = new ArrayList<>();
        int bound = Math.max(1, config.parallelToolCalls());
        for (int from = 0; from < calls.size(); from += bound) {
            List<CompletableFuture<ToolResult>> running = new ArrayList<>();
            for (ToolCall call : calls.subList(from, Math.min(calls.size(), from + bound))) {
                announce(id, node.name(), call);
                boolean approvedAgain = state.inDoubt.remove(call.id());
                running.add(offered.contains(call.name())
                        ? overlap.start(() -> approvedAgain ? tools.rerun(context, call) : tools.run(context, call))
                        : CompletableFuture.completedFuture(ToolResult.error(call, "No tool '" + call.name()
                        + "' is offered here.")));
            }
            for (int i = 0; i < running.size(); i++) {
                try {
                    results.add(Overlap.await(running.get(i)));
                } catch (ToolInDoubtException e) {
                    // started before a crash, not idempotent: a person decides whether it runs again
                    ToolCall call = calls.get(from + i);
                    doubted.add(new RunState.Approval(call, "The call was interrupted (the replica running it stopped) "
                            + "and may have taken effect; its tool is not idempotent. Confirm to run it again, reject to "
                            + "skip it."));
                }
            }
        }
        for (ToolResult result : results) {
            state.turns.add(Turn.toolResult(node.name(), result.toolCallId(), result.name(), result.content(), result.error()));
            state.steps.add(RunState.Step.tool(node.name(), result.name(), result.toolCallId(), result.error()));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("node", node.name());
            data.put("tool_call_id", result.toolCallId());
            data.put("name", result.name());
            data.put("result", result.content());
            data.put("is_error", result.error());
            streams.publish(id, "tool_result", data);
        }
        state.pendingCalls = new ArrayList<>();
        if (!doubted.isEmpty()) {
            doubted.forEach(d -> state.inDoubt.add(d.call().id()));
            state.approvals.addAll(doubted);
            checkpoints.save(id, state);
            throw new RunSuspended(List.copyOf(state.awaiting), List.copyOf(state.approvals), state);
        }
        checkpoints.save(id, state);
    }

    private RunStopped stop(RunStopped.StopCode code, String message, RunState state, Graph graph) {
        return new RunStopped(code, message, result(state, graph));
    }

    private RunResult result(RunState state, Graph graph) {
        String last = state.path.isEmpty() ? null : state.path.get(state.path.size() - 1);
        RunState.NodeOutput output = last == null ? null : state.outputs.get(last);
        List<Turn> produced = new ArrayList<>();
        for (Turn turn : state.turns) {
            if (turn.node() != null) {
                produced.add(turn);
            }
        }
        return new RunResult(output == null ? "" : output.text(), output == null ? null : output.parsed(),
                state.inputTokens, state.outputTokens, cost(state),
                List.copyOf(state.path), List.copyOf(state.steps), produced, state.hold, graph.workflow());
    }

    /** What the run cost so far, each call priced on the model that answered it, capped at the hold. */
    static long cost(RunState state) {
        Credits.Hold hold = state.hold;
        return hold == null || hold.price() == null ? 0
                : hold.cost(state.inputTokens, state.outputTokens, state.repriced);
    }

    /** What tokens cost under the hold's rule, with the run's base cost and uncapped; 0 without a priced hold. */
    static long uncapped(Credits.Hold hold, int in, int out) {
        return hold == null || hold.price() == null ? 0 : hold.price().baseCost() + tokensCost(hold, in, out);
    }

    /** What a node's tokens cost under the hold's rule (the run's base cost is the run's, not a node's). */
    static long tokensCost(Credits.Hold hold, int in, int out) {
        return hold == null || hold.price() == null ? 0
                : (long) in * hold.price().inputTokenPrice() + (long) out * hold.price().outputTokenPrice();
    }

    private static Map<String, Integer> usage(int in, int out) {
        return Map.of("input_tokens", in, "output_tokens", out, "total_tokens", in + out);
    }

    /** A node's model: its own llm_config over the run's. */
    static ModelSpec model(ModelSpec run, AgentDefinition.LlmSettings own) {
        if (own == null) {
            return run;
        }
        return run.with(own.provider(), own.model(), own.temperature(), own.maxTokens());
    }

    private List<ToolSpecification> specifications(List<ToolSpec> offered) {
        List<ToolSpecification> specs = new ArrayList<>();
        for (ToolSpec spec : offered) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", spec.name());
            json.put("description", spec.description());
            json.put("parameters", spec.parameters() == null ? Map.of("type", "object", "properties", Map.of())
                    : spec.parameters());
            try {
                specs.add(ToolSpecificationJsonUtils.fromJson(mapper.writeValueAsString(json)));
            } catch (Exception e) {
                throw new IllegalStateException("tool '" + spec.name() + "' has parameters that are not a JSON Schema", e);
            }
        }
        return specs;
    }

    static ResponseFormat format(JsonNode schema) {
        if (schema == null) {
            return null;
        }
        JsonSchema json = JsonSchema.builder().name("output").rootElement(JsonRawSchema.from(schema.toString())).build();
        return ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(json).build();
    }

    private static List<ToolCall> calls(AiMessage message) {
        List<ToolCall> calls = new ArrayList<>();
        for (ToolExecutionRequest request : message.toolExecutionRequests()) {
            calls.add(new ToolCall(request.id(), request.name(), request.arguments()));
        }
        return calls;
    }

    private Object arguments(ToolCall call) {
        try {
            return mapper.readTree(call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments());
        } catch (Exception e) {
            return call.arguments();
        }
    }

    private JsonNode parse(String text) {
        try {
            return mapper.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    private static Turn user(UserMessage message) {
        StringBuilder text = new StringBuilder();
        List<String> images = new ArrayList<>();
        for (var content : message.contents()) {
            if (content instanceof TextContent t) {
                text.append(text.isEmpty() ? "" : "\n").append(t.text());
            } else if (content instanceof ImageContent image && image.image().url() != null) {
                images.add(image.image().url().toString());
            }
        }
        return Turn.user(text.toString(), images);
    }
}
