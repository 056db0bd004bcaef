package dev.agentplane.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.e2e.support.Platform;
import dev.agentplane.e2e.support.Sse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A steady mixed load on one workspace's agent through the gateway: sync executes, async executes and session
 * executes at fixed rates (each tick sends without waiting for the previous answer, so the rate holds whatever the
 * latency), and streamed runs back to back on a number of readers, each read to its final event and resumed by
 * Last-Event-ID when its connection drops. Every request's answer is kept ({@link Outcome}) so that a fault's
 * failures can be classified afterwards.
 */
final class MixedLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What the load sends per second (sync, async, sessions) and how many streams are read at once. */
    record Rates(double sync, double async, double sessions, int streams, String streamMessage) {
    }

    /**
     * One request's answer: {@code status} -1 when none came (the connection failed twice); times in epoch millis.
     * A dropped connection is retried once with the same Idempotency-Key, as a client should.
     */
    record Outcome(String kind, long start, long end, int status, boolean retryAfter, String detail) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final Platform.Workspace ws;
    private final String agent;
    private final Rates rates;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(4);
    private final ExecutorService readers;

    final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    /** Streams that did not reach their final event, or whose seqs had a gap or a repeat. */
    final List<String> streamProblems = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger streamsRead = new AtomicInteger();
    final AtomicInteger streamResumes = new AtomicInteger();
    final AtomicInteger retriedConnections = new AtomicInteger();
    /** Sync executes answered 200: Idempotency-Key → execution id (the Redis restart checks they are still known). */
    final Map<String, String> syncKeys = new ConcurrentHashMap<>();
    /** Streams read to their final event: execution id → number of events. */
    final Map<String, Integer> streamedRuns = new ConcurrentHashMap<>();
    final Set<String> executionIds = ConcurrentHashMap.newKeySet();

    MixedLoad(Platform.Workspace ws, String agent, Rates rates) {
        this.ws = ws;
        this.agent = agent;
        this.rates = rates;
        this.readers = Executors.newFixedThreadPool(Math.max(1, rates.streams()));
    }

    static String syncBody() {
        return "{\"message\":\"chaos sync [sim:latency=100ms]\"}";
    }

    MixedLoad start() {
        every(rates.sync(), this::sync);
        every(rates.async(), this::async);
        every(rates.sessions(), this::session);
        for (int i = 0; i < rates.streams(); i++) {
            readers.submit(() -> {
                while (running.get()) {
                    stream();
                }
            });
        }
        return this;
    }

    /** Stops sending and waits for every answer and every stream (at most {@code seconds}). */
    void stop(int seconds) throws InterruptedException {
        running.set(false);
        ticks.shutdown();
        ticks.awaitTermination(10, TimeUnit.SECONDS);
        readers.shutdown();
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        readers.awaitTermination(seconds, TimeUnit.SECONDS);
        while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }

    private void every(double perSecond, Runnable task) {
        if (perSecond > 0) {
            ticks.scheduleAtFixedRate(() -> {
                if (running.get()) {
                    task.run();
                }
            }, 0, Math.round(1_000_000 / perSecond), TimeUnit.MICROSECONDS);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(Platform.url() + path)).header("X-API-Key", ws.apiKey())
                .timeout(Duration.ofSeconds(90));
    }

    private HttpRequest post(String path, String body, String idempotencyKey) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return b.build();
    }

    private void sync() {
        String key = UUID.randomUUID().toString();
        send("sync", post("/v1/agents/" + agent + "/execute", syncBody(), key), answer -> {
            String id = answer.path("execution_id").asText();
            executionIds.add(id);
            if ("completed".equals(answer.path("status").asText())) {
                syncKeys.put(key, id);
            }
        });
    }

    private void async() {
        send("async", post("/v1/agents/" + agent + "/execute",
                        "{\"message\":\"chaos async [sim:latency=200ms]\",\"mode\":\"async\"}", UUID.randomUUID().toString()),
                answer -> executionIds.add(answer.path("execution_id").asText()));
    }

    private void session() {
        send("session", post("/v1/sessions", "{\"agent_id\":\"" + agent + "\"}", null), session ->
                send("session-execute", post("/v1/sessions/" + session.path("id").asText() + "/execute",
                                "{\"message\":\"chaos session [sim:latency=100ms]\"}", UUID.randomUUID().toString()),
                        answer -> executionIds.add(answer.path("execution_id").asText())));
    }

    /** Sends, retries once on a dropped connection, records the outcome, hands a 2xx JSON answer to {@code then}. */
    private void send(String kind, HttpRequest request, java.util.function.Consumer<JsonNode> then) {
        long start = System.currentTimeMillis();
        inFlight.incrementAndGet();
        HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .exceptionallyCompose(e -> {
                    retriedConnections.incrementAndGet();
                    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
                })
                .whenComplete((r, e) -> {
                    try {
                        if (e != null) {
                            outcomes.add(new Outcome(kind, start, System.currentTimeMillis(), -1, false, e.toString()));
                            return;
                        }
                        // the retry of a request that did reach the service before its connection dropped
                        boolean replayed = r.statusCode() == 409 && r.body().contains("IDEMPOTENCY_CONFLICT");
                        int status = replayed ? 200 : r.statusCode();
                        outcomes.add(new Outcome(kind, start, System.currentTimeMillis(), status,
                                r.headers().firstValue("Retry-After").isPresent(),
                                status >= 300 ? r.body().substring(0, Math.min(300, r.body().length())) : null));
                        if (status < 300 && !replayed) {
                            then.accept(JSON.readTree(r.body()));
                        }
                    } catch (IOException | RuntimeException problem) {
                        outcomes.add(new Outcome(kind, start, System.currentTimeMillis(), -2, false, problem.toString()));
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
    }

    /**
     * One streamed run read to its final event: when the connection drops it resumes from the last seq it saw
     * (a 503 while the service restarts is waited out as its Retry-After says), for at most three minutes.
     */
    private void stream() {
        long start = System.currentTimeMillis();
        HttpResponse<Stream<String>> response;
        try {
            response = HTTP.send(post("/v1/agents/" + agent + "/execute/stream", rates.streamMessage(),
                    UUID.randomUUID().toString()), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            outcomes.add(new Outcome("stream", start, System.currentTimeMillis(), -1, false, e.toString()));
            pause(500);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (response.statusCode() != 200) {
            String body = String.join("\n", response.body().toList());
            outcomes.add(new Outcome("stream", start, System.currentTimeMillis(), response.statusCode(),
                    response.headers().firstValue("Retry-After").isPresent(), body.substring(0, Math.min(300, body.length()))));
            pause(1000);
            return;
        }
        outcomes.add(new Outcome("stream", start, System.currentTimeMillis(), 200, false, null));
        List<JsonNode> events = new ArrayList<>(Sse.read(response));
        if (events.isEmpty()) {
            streamProblems.add("a stream answered 200 and sent no event (started at " + start + ")");
            return;
        }
        String id = events.get(0).path("execution_id").asText();
        executionIds.add(id);
        long deadline = System.currentTimeMillis() + 180_000;
        while (!last(events).equals("final") && System.currentTimeMillis() < deadline) {
            streamResumes.incrementAndGet();
            HttpRequest again = request("/v1/executions/" + id + "/events")
                    .header("Last-Event-ID", String.valueOf(events.get(events.size() - 1).path("seq").asLong())).GET().build();
            try {
                HttpResponse<Stream<String>> more = HTTP.send(again, HttpResponse.BodyHandlers.ofLines());
                if (more.statusCode() == 200) {
                    events.addAll(Sse.read(more));
                } else {
                    more.body().close();
                    pause(1000);
                }
            } catch (IOException | UncheckedIOException e) {
                pause(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).path("seq").asInt() != i + 1) {
                streamProblems.add(id + ": seq " + events.get(i).path("seq").asInt() + " at position " + (i + 1));
                return;
            }
        }
        if (!last(events).equals("final")) {
            streamProblems.add(id + ": no final event in 3 minutes (last: " + last(events) + ")");
            return;
        }
        streamsRead.incrementAndGet();
        streamedRuns.put(id, events.size());
    }

    private static String last(List<JsonNode> events) {
        return events.get(events.size() - 1).path("type").asText();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
