package dev.agentplane.execution.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The model providers operators configure; an agent's {@code llm_config.provider} names one of them. */
@ConfigMapping(prefix = "agentplane.llm")
public interface LlmConfig {
    /** Providers by name, e.g. {@code agentplane.llm.providers.openai.base-url}. */
    Map<String, Provider> providers();

    /** Used when an agent names no provider. */
    @WithDefault("openai")
    String defaultProvider();

    /** Longest wait for one model call. */
    @WithDefault("120s")
    Duration timeout();

    /** Attempts per model call when the provider answers 429/5xx or cannot be reached. */
    @WithDefault("3")
    int maxAttempts();

    /** First pause between attempts; doubles each time. */
    @WithDefault("200ms")
    Duration backoff();

    /** One configured provider. */
    interface Provider {
        /** The wire protocol: {@code openai} (any OpenAI-compatible server), {@code anthropic} or {@code ollama}. */
        @WithDefault("openai")
        String kind();

        String baseUrl();

        /** Never logged. */
        Optional<String> apiKey();
    }
}
