package dev.agentplane.execution.intake;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * Body of the execute endpoints. {@code message} (a string) or {@code content} (a string or parts:
 * text, image_url); {@code inputs} and {@code variables} both fill the prompt's {@code {{ variables.x }}} over the
 * session's, and a session execute also saves its {@code inputs} as the session's variables (seed 000: they "load
 * automatically" on later requests); {@code variables} stay this request's. {@code max_cost}: the most the run may cost (the unit of {@code cost}); it stops before a model call
 * that could pass it. {@code pending_action_ttl}: seconds a suspended run waits for its client tools and approvals
 * (default: the agent's config, else {@code agentplane.engine.pending-action-ttl}); {@code on_expiry}: what an
 * unanswered one does then (reject, the default: the model is told; cancel; fail).
 */
public record ExecuteRequest(
        String message,
        JsonNode content,
        Map<String, Object> inputs,
        Map<String, Object> variables,
        @Size(max = 10, message = "at most 10 attachments") List<@Valid @NotNull Attachment> attachments,
        @Size(max = 200) String conversationScope,
        @Size(max = 200) String externalUserId,
        @Size(max = 32, message = "at most 32 client tools") List<@Valid @NotNull ClientTool> clientTools,
        @Pattern(regexp = "sync|async", message = "must be sync or async") String mode,
        @Pattern(regexp = "reject|enqueue", message = "must be reject or enqueue") String multitaskStrategy,
        @Size(max = 128) String correlationId,
        @PositiveOrZero(message = "must be zero or more") Long maxCost,
        @Min(value = 1, message = "must be between 1 and 604800") @Max(value = 604_800, message = "must be between 1 and 604800")
        Integer pendingActionTtl,
        @Pattern(regexp = "reject|cancel|fail", message = "must be reject, cancel or fail") String onExpiry) {

    /** A file uploaded earlier, by its storage key. */
    public record Attachment(@NotBlank @Size(max = 500) String storageKey, @Size(max = 255) String filename,
                             @Size(max = 100) String contentType) {
    }

    /** A tool the client runs itself; executed by the client-tools wave, validated now. */
    public record ClientTool(
            @NotNull @Pattern(regexp = "^[a-z][a-z0-9_]{0,63}$", message = "must match ^[a-z][a-z0-9_]{0,63}$") String name,
            @Size(max = 1024) String description,
            JsonNode parameters) {
    }

    public boolean enqueue() {
        return "enqueue".equals(multitaskStrategy);
    }
}
