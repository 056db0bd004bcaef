package dev.agentplane.execution.tools.toolkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.tools.ToolSpec;

/**
 * One method of a toolkit: what the model is offered (name, description, JSON-Schema parameters) and the
 * governance data the approval step reads (risk level, whether every call needs confirmation) and the
 * ledger reads (whether a call caught mid-flight may run again).
 */
public record ToolMethod(String toolkit, String name, String description, JsonNode parameters, RiskLevel riskLevel,
                         boolean requiresConfirmation, boolean idempotent) {

    public ToolSpec spec() {
        return new ToolSpec(name, description, parameters);
    }
}
