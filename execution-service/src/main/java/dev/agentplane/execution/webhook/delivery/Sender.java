package dev.agentplane.execution.webhook.delivery;

import dev.agentplane.execution.webhook.WebhookConfig;
import dev.agentplane.execution.webhook.guard.AddressGuard;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one signed attempt, without blocking a thread while the endpoint takes its time: the connection goes to the
 * address the guard checked (the URL's host is only the Host header and the TLS server name, so a second DNS answer
 * can never redirect it), redirects are not followed (a 3xx is a failed attempt), and the whole attempt is cut at
 * {@code agentplane.webhooks.timeout}.
 */
@ApplicationScoped
public class Sender {
    static final int BODY_KEPT = 1024;

    private final Vertx vertx;
    private final WebhookConfig config;
    private final HttpClient client;

    @Inject
    public Sender(Vertx vertx, WebhookConfig config) {
        this.vertx = vertx;
        this.config = config;
        int timeoutMs = (int) config.timeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(timeoutMs)
                .setVerifyHost(true)
                .setForceSni(true)
                .setKeepAlive(false)
                .setMaxPoolSize(config.maxInFlight())
                .setName("webhooks"));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Completes with the outcome (never exceptionally). */
    public CompletionStage<DeliveryStore.Outcome> send(AddressGuard.Target target, String messageId, long timestamp,
                                                       String signature, String body) {
        CompletableFuture<DeliveryStore.Outcome> result = new CompletableFuture<>();
        long start = System.nanoTime();
        AtomicBoolean done = new AtomicBoolean();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.pathAndQuery())
                .setFollowRedirects(false)
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", "Agentplane-Webhooks/1")
                .putHeader("webhook-id", messageId)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signature);
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(config.timeout().toMillis(), t -> {
            HttpClientRequest request = sent.get();
            if (request != null) {
                request.reset(); // frees the connection of an endpoint that never answers
            }
            finish(result, done, new DeliveryStore.Outcome(null, elapsed(start),
                    "timed out after " + config.timeout().toSeconds() + " s", null));
        });
        client.request(options)
                .compose(request -> {
                    sent.set(request);
                    // the body handlers go on before anything is sent: set once the response future had hopped to
                    // another task, a short answer could have ended already ("Response already ended"), the
                    // delivery then waited for the timeout and counted as failed (a 410 retried)
                    request.response().onSuccess(response -> {
                        Buffer kept = Buffer.buffer();
                        try {
                            response.handler(chunk -> {
                                int room = BODY_KEPT - kept.length();
                                if (room > 0) {
                                    kept.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
                                }
                            });
                            response.exceptionHandler(e -> finish(result, done, new DeliveryStore.Outcome(
                                    response.statusCode(), elapsed(start), null, text(kept))));
                            response.endHandler(v -> {
                                vertx.cancelTimer(timer);
                                finish(result, done, new DeliveryStore.Outcome(response.statusCode(), elapsed(start),
                                        null, text(kept)));
                            });
                        } catch (IllegalStateException ended) {
                            // ended before this callback ran all the same: its status is what counts
                            vertx.cancelTimer(timer);
                            finish(result, done, new DeliveryStore.Outcome(response.statusCode(), elapsed(start), null,
                                    null));
                        }
                    });
                    return request.send(Buffer.buffer(body, "UTF-8"));
                })
                .onFailure(e -> {
                    vertx.cancelTimer(timer);
                    finish(result, done, new DeliveryStore.Outcome(null, elapsed(start), describe(e), null));
                });
        return result;
    }

    private static void finish(CompletableFuture<DeliveryStore.Outcome> result, AtomicBoolean done,
                               DeliveryStore.Outcome outcome) {
        if (done.compareAndSet(false, true)) {
            result.complete(outcome);
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String text(Buffer b) {
        return new String(b.getBytes(), StandardCharsets.UTF_8);
    }

    /** A short reason without addresses or stack traces. */
    static String describe(Throwable e) {
        String name = e.getClass().getSimpleName();
        if (name.contains("ConnectException") || name.contains("ConnectTimeout")) {
            return "could not connect";
        }
        if (name.contains("SSL") || name.contains("Ssl")) {
            return "TLS handshake failed";
        }
        if (name.contains("Timeout")) {
            return "timed out";
        }
        return "connection failed";
    }
}
