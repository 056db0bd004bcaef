package dev.agentplane.execution.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** Provider-aware queueing ({@code ProviderLimits}): how long a call may wait for a credential's rate limit. */
    Queue queue();

    /** Waits for provider rate limits. */
    interface Queue {
        /** A sync or streamed run's model call waits at most this long in all (fallbacks included). */
        @WithDefault("30s")
        Duration syncWait();

        /** An async or batch run's model call waits at most this long. */
        @WithDefault("10m")
        Duration asyncWait();

        /** Calls in flight on a credential whose provider has not stated a limit yet (no headers seen). */
        @WithDefault("256")
        int unknownLimitConcurrency();
    }

    /** One configured provider. */
    interface Provider {
        /** The wire protocol: {@code openai} (any OpenAI-compatible server), {@code anthropic} or {@code ollama}. */
        @WithDefault("openai")
        String kind();

        String baseUrl();

        /** Never logged. */
        Optional<String> apiKey();

        /**
         * Billing tiers whose workspaces may not call on this provider (the operator's key): their agents name a
         * provider credential of their own ({@code POST /v1/providers}), or get PROVIDER_CREDENTIAL_REQUIRED.
         */
        Optional<Set<String>> disabledTiers();
    }
}
