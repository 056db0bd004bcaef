package dev.agentplane.execution.llm;

/**
 * Where and as whom a model call goes: an operator's provider ({@code credentialId} null) or a workspace
 * credential (cached clients are keyed by its id and revision). The key is never part of {@link #toString()}.
 */
public record Endpoint(String name, String kind, String baseUrl, String apiKey, String organization,
                       String credentialId, int revision) {
    /** What built clients are cached by, and what metrics are tagged with (no key material). */
    public String id() {
        return credentialId == null ? "operator:" + name : credentialId + "@" + revision;
    }

    /** The metrics tag: the credential id, or {@code operator:<name>}. */
    public String tag() {
        return credentialId == null ? "operator:" + name : credentialId;
    }

    @Override
    public String toString() {
        return "Endpoint[" + id() + ", " + kind + ", " + baseUrl + "]";
    }
}
