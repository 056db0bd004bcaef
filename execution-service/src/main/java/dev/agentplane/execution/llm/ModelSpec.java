package dev.agentplane.execution.llm;

/** Everything that makes two built models different; built models are cached by it. */
public record ModelSpec(String provider, String model, Double temperature, Integer maxTokens) {
}
