package dev.agentplane.execution.pending;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** An outside system's event for a run that waits for it: its name and payload (the waiting node's output). */
public record ExternalEventRequest(@NotBlank @Size(max = 200) String name, JsonNode payload) {
    /** Payloads are node outputs that later prompts read: bounded like a request's variables. */
    static final int MAX_PAYLOAD_CHARS = 64 * 1024;
}
