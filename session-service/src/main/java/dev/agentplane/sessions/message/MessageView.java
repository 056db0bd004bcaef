package dev.agentplane.sessions.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.sessions.support.Json;
import dev.agentplane.sessions.support.Rows;

import java.time.Instant;

/** A stored message as the API shows it; content is a string or an array of parts. */
public record MessageView(String id, String sessionId, String role, JsonNode content, JsonNode toolCalls,
                          String toolCallId, String executionId, JsonNode usage, Integer feedback,
                          Instant createdAt) {

    /** The columns {@link #of} reads, in order. */
    public static final String COLUMNS = "id, session_id, role, cast(content as text), cast(tool_calls as text), "
            + "tool_call_id, execution_id, cast(usage as text), feedback, created_at, seq";

    public static MessageView of(Object[] row, Json json) {
        return new MessageView((String) row[0], (String) row[1], (String) row[2], json.read((String) row[3]),
                json.read((String) row[4]), (String) row[5], (String) row[6], json.read((String) row[7]),
                Rows.integer(row[8]), Rows.instant(row[9]));
    }

    /** One page of messages with an opaque cursor for the next one. */
    public record MessagePage(java.util.List<MessageView> items, String nextCursor, boolean hasMore) {
    }
}
