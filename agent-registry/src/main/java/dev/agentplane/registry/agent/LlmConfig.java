package dev.agentplane.registry.agent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Which model an agent (or workflow node) runs on. {@code provider} is a catalog provider (the model is checked
 * against the catalog) or a provider credential of the workspace ({@code POST /v1/providers}; any model);
 * {@code fallbacks} are tried in order when the model fails (5xx, timeout, rate limit).
 */
public record LlmConfig(
        @Size(max = 64) String provider,
        @Size(max = 128) String model,
        @DecimalMin(value = "0.0", message = "must be between 0 and 2")
        @DecimalMax(value = "2.0", message = "must be between 0 and 2") Double temperature,
        @Min(value = 1, message = "must be between 1 and 200000")
        @Max(value = 200_000, message = "must be between 1 and 200000") Integer maxTokens,
        @Size(max = 5, message = "at most 5 fallbacks") List<@Valid Fallback> fallbacks) {

    public LlmConfig(String provider, String model, Double temperature, Integer maxTokens) {
        this(provider, model, temperature, maxTokens, null);
    }

    /** One fallback: a provider (catalog or workspace credential) and a model of it. */
    public record Fallback(@NotBlank @Size(max = 64) String provider, @NotBlank @Size(max = 128) String model) {
    }
}
