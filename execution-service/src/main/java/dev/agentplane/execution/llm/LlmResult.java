package dev.agentplane.execution.llm;

/** The text of one model answer with the token counts the provider reported. */
public record LlmResult(String text, int inputTokens, int outputTokens) {
}
