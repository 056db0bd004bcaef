package dev.agentplane.registry.agent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** POST /v1/agents/batch: up to 100 agent ids. */
public record BatchRequest(@NotNull @Size(min = 1, max = 100) List<@NotBlank @Size(max = 255) String> agentIds) {
}
