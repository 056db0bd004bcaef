package dev.agentplane.execution.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.agent.AgentDefinition;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the session service gives an execution before it runs: pinned agent, variables, history
 * and when the session expires (null: never).
 */
public record SessionContext(String sessionId, String agentId, Integer agentVersion, AgentDefinition agentConfig,
                             String status, String externalUserId, Map<String, Object> variables,
                             List<HistoryMessage> history, Instant expiresAt) {

    /** One stored message of an earlier run. */
    public record HistoryMessage(String id, String role, JsonNode content, JsonNode toolCalls, String toolCallId,
                                 String executionId, String createdAt) {
    }

    public List<HistoryMessage> historyOrEmpty() {
        return history == null ? List.of() : history;
    }

    /** The newest `runs` runs of a history (whole runs, oldest first, as session-service answers it). */
    public static List<HistoryMessage> lastRuns(List<HistoryMessage> history, int runs) {
        Set<String> kept = new HashSet<>();
        int start = history.size();
        while (start > 0) {
            String run = history.get(start - 1).executionId();
            if (!kept.contains(run) && kept.size() == runs) {
                break;
            }
            kept.add(run);
            start--;
        }
        return history.subList(start, history.size());
    }

    public Map<String, Object> variablesOrEmpty() {
        return variables == null ? Map.of() : variables;
    }
}
