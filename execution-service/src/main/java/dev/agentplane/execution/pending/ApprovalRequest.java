package dev.agentplane.execution.pending;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * A person's decisions on a suspended run's approvals (seed 004's commit): per call, run it ({@code confirmed}) —
 * with {@code tool_args} when they edited the arguments, which the tool then receives exactly — or not.
 * {@code expected_version}: the execution's version the decisions were made on (as If-Match).
 */
public record ApprovalRequest(
        @NotEmpty @Size(max = 32, message = "at most 32 decisions") List<@Valid @NotNull Decision> decisions,
        Integer expectedVersion) {

    public record Decision(@NotBlank @Size(max = 200) String toolCallId, @NotNull Boolean confirmed, JsonNode toolArgs) {
    }
}
