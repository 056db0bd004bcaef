package dev.agentplane.execution.pending;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The client's result of one tool call it ran (seed 003): {@code outcome} success or error, and the result. */
public record ToolResultRequest(
        @NotBlank @Size(max = 200) String toolCallId,
        @NotNull @Pattern(regexp = "success|error", message = "must be success or error") String outcome,
        JsonNode result) {
}
