package dev.agentplane.execution.llm;

import dev.agentplane.execution.provider.OperatorProviders;
import dev.agentplane.execution.provider.ProviderErrors;
import dev.agentplane.execution.provider.ResolvedCredential;
import dev.agentplane.execution.provider.WorkspaceCredentials;
import dev.agentplane.kit.error.ApiException;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves an agent's {@code llm_config.provider} to an endpoint — an operator's provider, else a provider
 * credential of the calling workspace — and builds langchain4j models for it, keeping them: a built model holds a
 * pooled HTTP client, so the same (endpoint, model, temperature, max tokens) reuses it.
 */
@ApplicationScoped
public class ModelRegistry implements OperatorProviders {
    private static final int MAX_CACHED = 1_000;

    @Inject
    LlmConfig config;
    @Inject
    WorkspaceCredentials credentials;
    @Inject
    ProviderLimits limits;

    /** What built models are cached by: a rotated credential has a new revision, so a new client. */
    private record Built(String endpoint, String model, Double temperature, Integer maxTokens) {
    }

    private final ConcurrentHashMap<Built, ChatModel> chatModels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Built, StreamingChatModel> streamingModels = new ConcurrentHashMap<>();

    /**
     * The endpoint a provider name means for a workspace on a tier: the operator's provider of that name (unless the
     * operator withholds it from the tier), else the workspace's credential of that name; 422
     * PROVIDER_CREDENTIAL_REQUIRED when the operator's provider is withheld and the workspace has no credential of
     * that name, 422 PROVIDER_NOT_CONFIGURED when neither exists (another workspace's credential is never found).
     * Reads the credential's row (blocking).
     */
    public Endpoint endpoint(String workspaceId, String tier, String provider) {
        String name = provider == null ? config.defaultProvider() : provider;
        LlmConfig.Provider operator = config.providers().get(name);
        boolean withheld = operator != null && withheld(operator, tier);
        if (operator != null && !withheld) {
            if ("anthropic".equals(operator.kind()) && operator.apiKey().isEmpty()) {
                throw new ApiException(422, "PROVIDER_NOT_CONFIGURED", "The agent's LLM provider '" + name
                        + "' has no API key on this platform (agentplane.llm.providers." + name + ".api-key).");
            }
            return new Endpoint(name, operator.kind(), operator.baseUrl(), operator.apiKey().orElse("none"), null,
                    null, 0);
        }
        return credentials.find(workspaceId, name).map(ModelRegistry::endpoint).orElseThrow(() -> withheld
                ? ProviderErrors.PROVIDER_CREDENTIAL_REQUIRED.error("Workspaces on the '" + tier + "' tier bring"
                + " their own model provider: the platform's provider '" + name + "' is not offered to them. Register"
                + " a provider credential (POST /v1/providers) and name it in the agent's llm_config.provider.")
                : new ApiException(422, "PROVIDER_NOT_CONFIGURED", "The agent's LLM provider '" + name
                + "' is neither configured on this platform nor a provider credential of this workspace."));
    }

    @Override
    public boolean serves(String name, String tier) {
        LlmConfig.Provider operator = config.providers().get(name);
        return operator != null && !withheld(operator, tier);
    }

    private static boolean withheld(LlmConfig.Provider operator, String tier) {
        return tier != null && operator.disabledTiers().map(tiers -> tiers.contains(tier)).orElse(false);
    }

    private static Endpoint endpoint(ResolvedCredential c) {
        String kind = "anthropic".equals(c.kind()) ? "anthropic" : "openai";
        return new Endpoint(c.name(), kind, c.baseUrl(), c.apiKey(), c.organization(), c.id(), c.revision());
    }

    public ChatModel chat(Endpoint endpoint, ModelSpec spec) {
        if (chatModels.size() > MAX_CACHED) {
            chatModels.clear();
        }
        return chatModels.computeIfAbsent(built(endpoint, spec), b -> buildChat(endpoint, spec));
    }

    public StreamingChatModel streaming(Endpoint endpoint, ModelSpec spec) {
        if (streamingModels.size() > MAX_CACHED) {
            streamingModels.clear();
        }
        return streamingModels.computeIfAbsent(built(endpoint, spec), b -> buildStreaming(endpoint, spec));
    }

    private static Built built(Endpoint endpoint, ModelSpec spec) {
        return new Built(endpoint.id(), spec.model(), spec.temperature(), spec.maxTokens());
    }

    /** An HTTP client that tells {@link ProviderLimits} the endpoint's rate-limit headers. */
    private dev.langchain4j.http.client.HttpClientBuilder observed(Endpoint endpoint) {
        return ObservingHttpClient.builder(headers -> limits.observed(endpoint, headers));
    }

    private ChatModel buildChat(Endpoint p, ModelSpec spec) {
        if ("anthropic".equals(p.kind())) {
            return AnthropicChatModel.builder().httpClientBuilder(observed(p)).baseUrl(p.baseUrl()).apiKey(p.apiKey())
                    .modelName(spec.model()).temperature(spec.temperature()).maxTokens(spec.maxTokens())
                    .timeout(config.timeout()).maxRetries(0).build();
        }
        if ("ollama".equals(p.kind())) {
            return OllamaChatModel.builder().baseUrl(p.baseUrl()).modelName(spec.model())
                    .temperature(spec.temperature()).numPredict(spec.maxTokens()).timeout(config.timeout())
                    .maxRetries(0).build();
        }
        return OpenAiChatModel.builder().httpClientBuilder(observed(p)).baseUrl(p.baseUrl()).apiKey(p.apiKey()).organizationId(p.organization())
                .modelName(spec.model()).temperature(spec.temperature()).maxTokens(spec.maxTokens())
                .timeout(config.timeout()).maxRetries(0).build();
    }

    private StreamingChatModel buildStreaming(Endpoint p, ModelSpec spec) {
        if ("anthropic".equals(p.kind())) {
            return AnthropicStreamingChatModel.builder().httpClientBuilder(observed(p)).baseUrl(p.baseUrl()).apiKey(p.apiKey())
                    .modelName(spec.model()).temperature(spec.temperature()).maxTokens(spec.maxTokens())
                    .timeout(config.timeout()).build();
        }
        if ("ollama".equals(p.kind())) {
            return OllamaStreamingChatModel.builder().baseUrl(p.baseUrl()).modelName(spec.model())
                    .temperature(spec.temperature()).numPredict(spec.maxTokens()).timeout(config.timeout()).build();
        }
        return OpenAiStreamingChatModel.builder().httpClientBuilder(observed(p)).baseUrl(p.baseUrl()).apiKey(p.apiKey())
                .organizationId(p.organization()).modelName(spec.model()).temperature(spec.temperature())
                .maxTokens(spec.maxTokens()).timeout(config.timeout()).build();
    }
}
