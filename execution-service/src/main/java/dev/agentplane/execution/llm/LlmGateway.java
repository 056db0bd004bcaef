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
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "llm-retry");
        t.setDaemon(true);
        return t;
    });

    /**
     * Blocking call (worker threads only); {@code tools} may be empty. When the model fails for good on a 5xx, a
     * timeout or a rate limit, the spec's fallbacks are tried in order; the answer names the model that gave it.
     */
    public LlmResult chat(ModelSpec spec, List<ChatMessage> messages, ResponseFormat format,
                          List<ToolSpecification> tools) {
        ChatRequest request = request(messages, format, tools);
        return withFallbacks(spec, (choice, endpoint) -> chatOnce(choice, endpoint, request), null);
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
        return withFallbacks(spec, (choice, endpoint) -> streamOnce(choice, endpoint, request, relay), relayed);
    }

    private interface Call {
        LlmResult run(ModelSpec choice, Endpoint endpoint);
    }

    private LlmResult withFallbacks(ModelSpec spec, Call call, AtomicBoolean relayed) {
        List<ModelSpec> chain = spec.chain();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; ; i++) {
            ModelSpec choice = chain.get(i);
            boolean last = i == chain.size() - 1;
            Endpoint endpoint;
            try {
                endpoint = models.endpoint(spec.workspaceId(), choice.provider());
            } catch (ApiException e) {
                if (i == 0 || last) {
                    throw i == 0 ? e : new LlmFailure(e.getMessage() + notes(skipped), 0, false);
                }
                skipped.add(choice.label() + ": not configured");
                continue;
            }
            try {
                return call.run(choice, endpoint).answeredBy(choice, skipped);
            } catch (LlmFailure failure) {
                if (last || !failure.retriable() || (relayed != null && relayed.get())) {
                    throw skipped.isEmpty() ? failure : new LlmFailure(failure.getMessage() + notes(skipped),
                            failure.providerStatus(), failure.retriable());
                }
                skipped.add(choice.label() + ": " + failure.getMessage());
                LOG.debugf("model %s failed, falling back: %s", choice.label(), failure.getMessage());
            }
        }
    }

    private static String notes(List<String> skipped) {
        return skipped.isEmpty() ? "" : " Tried before it: " + String.join("; ", skipped);
    }

    private LlmResult chatOnce(ModelSpec spec, Endpoint endpoint, ChatRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                LlmResult result = result(models.chat(endpoint, spec).chat(request));
                metrics.answered(endpoint, result);
                return result;
            } catch (RuntimeException e) {
                LlmFailure failure = classify(e, attempt);
                metrics.failed(endpoint, failure);
                if (!failure.retriable() || attempt >= config.maxAttempts()) {
                    throw failure;
                }
                sleep(backoff(attempt));
            }
        }
    }

    private LlmResult streamOnce(ModelSpec spec, Endpoint endpoint, ChatRequest request, Consumer<String> onText) {
        CompletableFuture<LlmResult> answer = new CompletableFuture<>();
        attempt(spec, endpoint, request, new StreamSink() {
            @Override
            public void onText(String chunk) {
                onText.accept(chunk);
            }

            @Override
            public void onComplete(LlmResult result) {
                metrics.answered(endpoint, result);
                answer.complete(result);
            }

            @Override
            public void onError(LlmFailure failure) {
                answer.completeExceptionally(failure);
            }
        }, 1);
        try {
            return answer.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof LlmFailure failure ? failure
                    : new LlmFailure("The model call failed: " + e.getCause().getMessage(), 0, false);
        }
    }

    private void attempt(ModelSpec spec, Endpoint endpoint, ChatRequest request, StreamSink sink, int attempt) {
        models.streaming(endpoint, spec).chat(request, new StreamingChatResponseHandler() {
            private boolean relayed;

            @Override
            public void onPartialResponse(String partial) {
                relayed = true;
                sink.onText(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                sink.onComplete(result(response));
            }

            @Override
            public void onError(Throwable error) {
                LlmFailure failure = classify(error, attempt);
                metrics.failed(endpoint, failure);
                if (!relayed && failure.retriable() && attempt < config.maxAttempts()) {
                    retryTimer.schedule(() -> attempt(spec, endpoint, request, sink, attempt + 1), backoff(attempt),
                            TimeUnit.MILLISECONDS);
                } else {
                    sink.onError(failure);
                }
            }
        });
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

    @PreDestroy
    void close() {
        retryTimer.shutdownNow();
    }
}
