package dev.agentplane.execution.provider;

/**
 * A workspace credential ready for a call: {@code kind} is {@code openai}, {@code anthropic} or
 * {@code openai_compatible}; {@code revision} changes with every change, so clients built from it are cached by
 * (id, revision). The key is never part of {@link #toString()}.
 */
public record ResolvedCredential(String id, String name, int revision, String kind, String baseUrl,
                                 String organization, String apiKey) {
    @Override
    public String toString() {
        return "ResolvedCredential[" + id + "@" + revision + ", " + name + ", " + kind + "]";
    }
}
