package dev.agentplane.registry.agent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Size;

/** A workflow edge: either {@code from → to}, or {@code from} + a boolean condition with routing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Edge(@Size(max = 255) String from, @Size(max = 255) String to,
                   @Size(max = 2000) String condition, String conditionType, Routing routing) {

    public static final String START = "__start__";
    public static final String END = "__end__";

    @JsonIgnore
    public boolean conditional() {
        return condition != null || routing != null;
    }
}
