package dev.agentplane.registry.compat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.registry.agent.AgentConfig;
import dev.agentplane.registry.agent.AgentView;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Seed 004's shapes. Its {@code version} is a string; the canonical version number is written as one. */
final class V2Views {
    private V2Views() {
    }

    /** CreateAgentRequest: id, name and template are required by seed 004. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreateRequest(@NotBlank @Size(max = 255) String id, @NotBlank @Size(max = 255) String name,
                         @NotBlank String template, @Size(max = 1000) String description,
                         List<String> tags, JsonNode config) {
    }

    record Agent(String id, String name, String description, String version, String template, List<String> tags,
                 AgentConfig config) {
        static Agent of(AgentView a) {
            return new Agent(a.id(), a.name(), a.description(), Integer.toString(a.version()), a.systemPrompt(),
                    a.tags(), a.config());
        }
    }

    record Created(String id, String name, String description, String version, String message, List<String> tags) {
        static Created of(AgentView a) {
            return new Created(a.id(), a.name(), a.description(), Integer.toString(a.version()),
                    "Agent " + a.name() + " created successfully", a.tags());
        }
    }

    record Deleted(String id, String message) {
    }
}
