package dev.agentplane.execution.execution;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/** Turns stored executions into API views (entities never leave the service). */
@ApplicationScoped
public class ExecutionViews {
    private static final TypeReference<List<ExecutionView.Message>> MESSAGES = new TypeReference<>() {
    };

    private static final TypeReference<List<String>> PATH = new TypeReference<>() {
    };
    private static final TypeReference<List<PendingAction>> ACTIONS = new TypeReference<>() {
    };

    @Inject
    ObjectMapper mapper;

    public ExecutionView of(ExecutionEntity e) {
        ExecutionView.Usage usage = ExecutionView.Usage.of(e.inputTokens, e.outputTokens);
        ExecutionView.Error error = e.errorCode == null ? null : new ExecutionView.Error(e.errorCode, e.errorMessage);
        ExecutionView.Output output = e.outputText == null && e.parsedOutput == null ? null
                : new ExecutionView.Output(e.outputText, parse(e.parsedOutput, JsonNode.class));
        List<ExecutionView.Message> messages = e.messagesJson == null ? List.of() : parse(e.messagesJson, MESSAGES);
        JsonNode run = parse(e.stepsJson, JsonNode.class);
        return new ExecutionView(e.id, "agent.execution", e.status, e.agentId, e.agentVersion, e.sessionId, e.batchId,
                e.mode, messages, output, usage, e.cost, e.latencyMs, error, e.createdAt, e.startedAt, e.completedAt,
                "/v1/executions/" + e.id, "/v1/executions/" + e.id + "/events",
                new ExecutionView.Metadata(e.correlationId, e.eventCount, e.id, usage),
                run == null ? List.of() : mapper.convertValue(run.path("path"), PATH), run == null ? null : run.get("steps"),
                e.pendingActions == null ? List.of() : parse(e.pendingActions, ACTIONS), e.version);
    }

    private <T> T parse(String json, Class<T> type) {
        try {
            return json == null ? null : mapper.readValue(json, type);
        } catch (Exception e) {
            return null;
        }
    }

    private <T> T parse(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException("stored messages of an execution are unreadable", e);
        }
    }
}
