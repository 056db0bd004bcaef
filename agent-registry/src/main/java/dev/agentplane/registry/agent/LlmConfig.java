package dev.agentplane.registry.agent;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/** Which model an agent (or workflow node) runs on; provider and model are checked against the model catalog. */
public record LlmConfig(
        @Size(max = 64) String provider,
        @Size(max = 128) String model,
        @DecimalMin(value = "0.0", message = "must be between 0 and 2")
        @DecimalMax(value = "2.0", message = "must be between 0 and 2") Double temperature,
        @Min(value = 1, message = "must be between 1 and 200000")
        @Max(value = 200_000, message = "must be between 1 and 200000") Integer maxTokens) {
}
