package dev.agentplane.execution.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Per credential (tag {@code credential}: a workspace credential's id, or {@code operator:<name>}; never key
 * material): {@code agentplane.provider.calls{outcome=ok|rate_limited|failed}} per attempt, and
 * {@code agentplane.provider.tokens{direction=input|output}}.
 */
@ApplicationScoped
public class ProviderMetrics {
    @Inject
    MeterRegistry registry;

    void answered(Endpoint endpoint, LlmResult result) {
        calls(endpoint, "ok").increment();
        tokens(endpoint, "input").increment(result.inputTokens());
        tokens(endpoint, "output").increment(result.outputTokens());
    }

    void failed(Endpoint endpoint, LlmFailure failure) {
        calls(endpoint, failure.providerStatus() == 429 ? "rate_limited" : "failed").increment();
    }

    private Counter calls(Endpoint endpoint, String outcome) {
        return Counter.builder("agentplane.provider.calls").description("Model calls per provider credential")
                .tag("credential", endpoint.tag()).tag("outcome", outcome).register(registry);
    }

    private Counter tokens(Endpoint endpoint, String direction) {
        return Counter.builder("agentplane.provider.tokens").description("Tokens per provider credential")
                .tag("credential", endpoint.tag()).tag("direction", direction).register(registry);
    }
}
