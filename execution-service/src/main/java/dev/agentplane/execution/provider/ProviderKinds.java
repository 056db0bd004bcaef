package dev.agentplane.execution.provider;

import java.util.List;
import java.util.Map;

/** The providers a workspace may register, and where each is called when no base URL is given. */
final class ProviderKinds {
    static final List<String> ALL = List.of("openai", "anthropic", "openai_compatible");
    static final Map<String, String> DEFAULT_BASE_URL = Map.of(
            "openai", "https://api.openai.com/v1",
            "anthropic", "https://api.anthropic.com/v1");

    private ProviderKinds() {
    }
}
