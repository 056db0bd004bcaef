package dev.agentplane.execution.llm;

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
 * Builds langchain4j models from an agent version's llm_config at run time and keeps them: a built
 * model holds a pooled HTTP client, so the same (provider, model, temperature, max tokens) reuses it.
 */
@ApplicationScoped
public class ModelRegistry {
    private static final int MAX_CACHED = 1_000;

    @Inject
    LlmConfig config;

    private final ConcurrentHashMap<ModelSpec, ChatModel> chatModels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ModelSpec, StreamingChatModel> streamingModels = new ConcurrentHashMap<>();

    /** Fails with 422 PROVIDER_NOT_CONFIGURED when the agent names a provider operators did not set up. */
    public LlmConfig.Provider provider(String name) {
        LlmConfig.Provider provider = config.providers().get(name == null ? config.defaultProvider() : name);
        if (provider == null) {
            throw new ApiException(422, "PROVIDER_NOT_CONFIGURED",
                    "The agent's LLM provider '" + name + "' is not configured on this platform.");
        }
        if ("anthropic".equals(provider.kind()) && provider.apiKey().isEmpty()) {
            throw new ApiException(422, "PROVIDER_NOT_CONFIGURED", "The agent's LLM provider '" + name
                    + "' has no API key on this platform (agentplane.llm.providers." + name + ".api-key).");
        }
        return provider;
    }

    public ChatModel chat(ModelSpec spec) {
        if (chatModels.size() > MAX_CACHED) {
            chatModels.clear();
        }
        return chatModels.computeIfAbsent(spec, this::buildChat);
    }

    public StreamingChatModel streaming(ModelSpec spec) {
        if (streamingModels.size() > MAX_CACHED) {
            streamingModels.clear();
        }
        return streamingModels.computeIfAbsent(spec, this::buildStreaming);
    }

    private ChatModel buildChat(ModelSpec spec) {
        LlmConfig.Provider p = provider(spec.provider());
        if ("anthropic".equals(p.kind())) {
            return AnthropicChatModel.builder().baseUrl(p.baseUrl()).apiKey(p.apiKey().orElse("none"))
                    .modelName(spec.model()).temperature(spec.temperature()).maxTokens(spec.maxTokens())
                    .timeout(config.timeout()).maxRetries(0).build();
        }
        if ("ollama".equals(p.kind())) {
            return OllamaChatModel.builder().baseUrl(p.baseUrl()).modelName(spec.model())
                    .temperature(spec.temperature()).numPredict(spec.maxTokens()).timeout(config.timeout())
                    .maxRetries(0).build();
        }
        return OpenAiChatModel.builder().baseUrl(p.baseUrl()).apiKey(p.apiKey().orElse("none"))
                .modelName(spec.model()).temperature(spec.temperature()).maxTokens(spec.maxTokens())
                .timeout(config.timeout()).maxRetries(0).build();
    }

    private StreamingChatModel buildStreaming(ModelSpec spec) {
        LlmConfig.Provider p = provider(spec.provider());
        if ("anthropic".equals(p.kind())) {
            return AnthropicStreamingChatModel.builder().baseUrl(p.baseUrl()).apiKey(p.apiKey().orElse("none"))
                    .modelName(spec.model()).temperature(spec.temperature()).maxTokens(spec.maxTokens())
                    .timeout(config.timeout()).build();
        }
        if ("ollama".equals(p.kind())) {
            return OllamaStreamingChatModel.builder().baseUrl(p.baseUrl()).modelName(spec.model())
                    .temperature(spec.temperature()).numPredict(spec.maxTokens()).timeout(config.timeout()).build();
        }
        return OpenAiStreamingChatModel.builder().baseUrl(p.baseUrl()).apiKey(p.apiKey().orElse("none"))
                .modelName(spec.model()).temperature(spec.temperature()).maxTokens(spec.maxTokens())
                .timeout(config.timeout()).build();
    }
}
