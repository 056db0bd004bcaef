package dev.agentplane.execution.llm;

import dev.agentplane.kit.error.ApiException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls a model, retrying with exponential backoff when the provider is rate limiting (429),
 * failing (5xx) or unreachable, then trying the spec's fallbacks; anything else, or the last attempt of the last
 * fallback, becomes an {@link LlmFailure}.
 */
@ApplicationScoped
public class LlmGateway {
    private static final Logger LOG = Logger.getLogger(LlmGateway.class);

    @Inject
    ModelRegistry models;
    @Inject
    LlmConfig config;
    @Inject
    ProviderMetrics metrics;
    @Inject
    ProviderLimits limits;


    /**
     * Blocking call (worker threads only); {@code tools} may be empty. When the model fails for good on a 5xx, a
     * timeout or a rate limit past the wait budget, the spec's fallbacks are tried in order; the answer names the
     * model that gave it.
     */
    public LlmResult chat(ModelSpec spec, List<ChatMessage> messages, ResponseFormat format,
                          List<ToolSpecification> tools) {
        ChatRequest request = request(messages, format, tools);
        return withFallbacks(spec, (choice, endpoint, deadline) -> chatOnce(choice, endpoint, request, deadline), null);
    }

    /**
     * Streams the answer's text to {@code onText} as the provider sends it and returns the whole answer
     * (worker threads only); retries, and falls back, only while no token has been relayed yet.
     */
    public LlmResult stream(ModelSpec spec, List<ChatMessage> messages, ResponseFormat format,
                            List<ToolSpecification> tools, Consumer<String> onText) {
        ChatRequest request = request(messages, format, tools);
        AtomicBoolean relayed = new AtomicBoolean();
        Consumer<String> relay = chunk -> {
            relayed.set(true);
            onText.accept(chunk);
        };
        return withFallbacks(spec, (choice, endpoint, deadline) -> streamOnce(choice, endpoint, request, relay,
                relayed, deadline), relayed);
    }

    private interface Call {
        LlmResult run(ModelSpec choice, Endpoint endpoint, long deadline);
    }

    private LlmResult withFallbacks(ModelSpec spec, Call call, AtomicBoolean relayed) {
        // one wait budget for the whole call: a fallback gets what the models before it left
        long deadline = System.currentTimeMillis() + (spec.queueWait() != null ? spec.queueWait()
                : config.queue().syncWait()).toMillis();
        List<ModelSpec> chain = spec.chain();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; ; i++) {
            ModelSpec choice = chain.get(i);
            boolean last = i == chain.size() - 1;
            Endpoint endpoint;
            try {
                endpoint = models.endpoint(spec.workspaceId(), spec.tier(), choice.provider());
            } catch (ApiException e) {
                if (i == 0 || last) {
                    throw i == 0 ? e : new LlmFailure(e.getMessage() + notes(skipped), 0, false);
                }
                skipped.add(choice.label() + ": " + e.getMessage());
                continue;
            }
            try {
                return call.run(choice, endpoint, deadline).answeredBy(choice, endpoint, skipped);
            } catch (LlmFailure failure) {
                if (last || !failure.retriable() || (relayed != null && relayed.get())) {
                    throw skipped.isEmpty() ? failure : failure.with(notes(skipped));
                }
                skipped.add(choice.label() + ": " + failure.getMessage());
                LOG.debugf("model %s failed, falling back: %s", choice.label(), failure.getMessage());
            }
        }
    }

    private static String notes(List<String> skipped) {
        return skipped.isEmpty() ? "" : " Tried before it: " + String.join("; ", skipped);
    }

    /**
     * Attempts until an answer: a 429 waits in the credential's queue for the limit's reset (no attempt used, the
     * wait budget bounds it); a 5xx or an unreachable provider is retried after a backoff up to max-attempts.
     */
    private LlmResult chatOnce(ModelSpec spec, Endpoint endpoint, ChatRequest request, long deadline) {
        int limited = 0;
        int tokens = TokenEstimate.of(request.messages(), spec.maxTokens());
        for (int attempt = 1; ; attempt++) {
            admit(spec, endpoint, deadline, tokens);
            try {
                LlmResult result = result(models.chat(endpoint, spec).chat(request));
                metrics.answered(endpoint, result);
                return result;
            } catch (RuntimeException e) {
                LlmFailure failure = classify(e, attempt);
                metrics.failed(endpoint, failure);
                if (failure.providerStatus() == 429) {
                    limits.rateLimited(endpoint, backoff(++limited));
                    attempt--;
                    continue;
                }
                if (!failure.retriable() || attempt >= config.maxAttempts()) {
                    throw failure;
                }
                sleep(backoff(attempt));
            } finally {
                limits.release(endpoint, tokens);
            }
        }
    }

    private LlmResult streamOnce(ModelSpec spec, Endpoint endpoint, ChatRequest request, Consumer<String> onText,
                                 AtomicBoolean relayed, long deadline) {
        int limited = 0;
        int tokens = TokenEstimate.of(request.messages(), spec.maxTokens());
        for (int attempt = 1; ; attempt++) {
            admit(spec, endpoint, deadline, tokens);
            try {
                LlmResult result = streamAttempt(spec, endpoint, request, onText);
                metrics.answered(endpoint, result);
                return result;
            } catch (RuntimeException e) {
                LlmFailure failure = e instanceof LlmFailure known ? known : classify(e, attempt);
                metrics.failed(endpoint, failure);
                if (relayed.get()) {
                    throw failure;
                }
                if (failure.providerStatus() == 429) {
                    limits.rateLimited(endpoint, backoff(++limited));
                    attempt--;
                    continue;
                }
                if (!failure.retriable() || attempt >= config.maxAttempts()) {
                    throw failure;
                }
                sleep(backoff(attempt));
            } finally {
                limits.release(endpoint, tokens);
            }
        }
    }

    /** One streamed attempt, waited for on this (worker) thread; its failure is the provider's error, classified. */
    private LlmResult streamAttempt(ModelSpec spec, Endpoint endpoint, ChatRequest request, Consumer<String> onText) {
        CompletableFuture<LlmResult> answer = new CompletableFuture<>();
        models.streaming(endpoint, spec).chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                onText.accept(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                answer.complete(result(response));
            }

            @Override
            public void onError(Throwable error) {
                answer.completeExceptionally(error);
            }
        });
        try {
            return answer.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause
                    : new LlmFailure("The model call failed: " + e.getCause().getMessage(), 0, false);
        }
    }

    /** Waits for the credential's rate limits; PROVIDER_RATE_LIMITED when they do not free up within the budget. */
    private void admit(ModelSpec spec, Endpoint endpoint, long deadline, int tokens) {
        try {
            limits.acquire(endpoint, spec.workspaceId(), deadline, tokens);
        } catch (ProviderLimits.Exhausted e) {
            long budget = (spec.queueWait() != null ? spec.queueWait() : config.queue().syncWait()).toMillis();
            throw LlmFailure.rateLimited(spec.label(), budget, e.retryAfterMillis);
        }
    }

    private static ChatRequest request(List<ChatMessage> messages, ResponseFormat format,
                                       List<ToolSpecification> tools) {
        ChatRequest.Builder builder = ChatRequest.builder().messages(messages);
        if (format != null) {
            builder.responseFormat(format);
        }
        if (tools != null && !tools.isEmpty()) {
            builder.toolSpecifications(tools);
        }
        return builder.build();
    }

    private static LlmResult result(ChatResponse response) {
        TokenUsage usage = response.tokenUsage();
        int in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        AiMessage message = response.aiMessage() == null ? AiMessage.from("") : response.aiMessage();
        return new LlmResult(message.text() == null ? "" : message.text(), in, out, message);
    }

    static LlmFailure classify(Throwable error, int attempt) {
        int status = statusOf(error);
        boolean retriable = status == 0 ? !(error instanceof NonRetriableException)
                : status == 408 || status == 429 || status >= 500;
        String what = status == 0 ? "could not be reached (" + error.getClass().getSimpleName() + ")"
                : "answered HTTP " + status;
        LOG.debugf("model call attempt %d failed: %s", attempt, what);
        return new LlmFailure("The model provider " + what + " after " + attempt + " attempt(s).", status, retriable);
    }

    private static int statusOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return http.statusCode();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String name = error.getClass().getSimpleName();
        if (name.equals("RateLimitException")) {
            return 429;
        }
        return name.equals("InternalServerException") ? 500 : 0;
    }

    private long backoff(int attempt) {
        return config.backoff().toMillis() * (1L << Math.min(attempt - 1, 6));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmFailure("Interrupted while waiting to retry the model call.", 0, false);
        }
    }
}
