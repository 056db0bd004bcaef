package dev.agentplane.execution.llm;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * langchain4j's HTTP client with the provider's rate-limit headers handed to {@link ProviderLimits} on every
 * answer (langchain4j keeps no headers of its own); the calls themselves are the default client's.
 */
final class ObservingHttpClient implements HttpClient {
    private final HttpClient delegate;
    private final Consumer<RateHeaders> observer;

    private ObservingHttpClient(HttpClient delegate, Consumer<RateHeaders> observer) {
        this.delegate = delegate;
        this.observer = observer;
    }

    /** A builder for a model's {@code httpClientBuilder(...)} whose clients report to {@code observer}. */
    static HttpClientBuilder builder(Consumer<RateHeaders> observer) {
        HttpClientBuilder inner = HttpClientBuilderLoader.loadHttpClientBuilder();
        return new HttpClientBuilder() {
            @Override
            public Duration connectTimeout() {
                return inner.connectTimeout();
            }

            @Override
            public HttpClientBuilder connectTimeout(Duration timeout) {
                inner.connectTimeout(timeout);
                return this;
            }

            @Override
            public Duration readTimeout() {
                return inner.readTimeout();
            }

            @Override
            public HttpClientBuilder readTimeout(Duration timeout) {
                inner.readTimeout(timeout);
                return this;
            }

            @Override
            public HttpClient build() {
                return new ObservingHttpClient(inner.build(), observer);
            }
        };
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        SuccessfulHttpResponse response = delegate.execute(request);
        observer.accept(RateHeaders.of(response.headers()));
        return response;
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        delegate.execute(request, parser, new ServerSentEventListener() {
            @Override
            public void onOpen(SuccessfulHttpResponse response) {
                observer.accept(RateHeaders.of(response.headers()));
                listener.onOpen(response);
            }

            @Override
            public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
                listener.onEvent(event, context);
            }

            @Override
            public void onEvent(ServerSentEvent event) {
                listener.onEvent(event);
            }

            @Override
            public void onError(Throwable error) {
                listener.onError(error);
            }

            @Override
            public void onClose() {
                listener.onClose();
            }
        });
    }
}
