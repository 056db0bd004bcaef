package dev.agentplane.execution.tools.toolkit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How much harm a tool call can do; maturity levels bound what an agent may call unattended. */
public enum RiskLevel {
    LOW, MEDIUM, HIGH, CRITICAL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RiskLevel of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
