package dev.agentplane.execution.execution;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * Something a suspended run waits on: a call of a tool the client runs ({@code kind} client_tool) or a call that
 * waits for a person's decision ({@code kind} approval, {@code reason} says why), with the arguments the model
 * gave, the JSON Schema of the answer, when it expires and what happens then ({@code onExpiry}: reject — the model
 * is told the call failed or was rejected and the run goes on; cancel — the run ends cancelled; fail — it fails).
 * A human gate is an approval whose {@code tool} is {@code human_gate} and whose answer is its form; an
 * {@code external_event} waits for the event named {@code tool}, posted with the workspace's key or to
 * {@code callbackUrl}, whose token ({@code callbackToken}, never shown again) is kept only as a hash.
 */
public record PendingAction(String id, String kind, String toolCallId, String tool, JsonNode arguments,
                            JsonNode answerSchema, Instant createdAt, Instant expiresAt, String onExpiry,
                            String reason, String callbackUrl, @JsonIgnore String callbackToken) {
    public static final String CLIENT_TOOL = "client_tool";
    public static final String APPROVAL = "approval";
    public static final String EXTERNAL_EVENT = "external_event";
    public static final String REJECT = "reject";
    public static final String CANCEL = "cancel";
    public static final String FAIL = "fail";
}
