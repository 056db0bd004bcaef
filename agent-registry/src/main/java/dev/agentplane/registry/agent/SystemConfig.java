package dev.agentplane.registry.agent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import java.util.List;

/** A multi-agent workflow: nodes, edges between them (with conditions) and the entry node. */
public record SystemConfig(
        @Size(max = 255) String name,
        @Size(max = 64) String architecture,
        @Size(max = 50) List<@Valid NodeConfig> agents,
        @Size(max = 200) List<@Valid Edge> edges,
        @Size(max = 100) String entryPoint) {
}
