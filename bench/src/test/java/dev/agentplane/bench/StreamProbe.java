package dev.agentplane.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Microsecond-precision probes that Gatling's millisecond reports cannot give, each measuring the
 * simulator alone and the full platform path in the same run, interleaved request by request:
 * <ul>
 *   <li>{@code serial N}: N sync executes vs N plain completions, one in flight: added latency;</li>
 *   <li>{@code stream N}: N streamed executes vs N streamed completions: added time to the first
 *   text event and added gap between chunks;</li>
 *   <li>{@code session N}: the same in one session (history read before, run appended after each call);</li>
 *   <li>{@code history N}: added latency of an execute in a new session against one in a session that
 *   holds 1,000 messages, interleaved;</li>
 *   <li>{@code idle N}: N readers of one running execution's events that only get heartbeats; the RSS
 *   that execution-service and the gateway grow by per reader ({@code -Dpids=name:pid,...});</li>
 *   <li>{@code warm N}: N sync executes (half of them in sessions), {@code -Dconcurrency} (8) in flight,
 *   simulator at 0 ms: brings the JIT of every service to its steady state before measuring (a few
 *   hundred serial requests do not: C2 compiles a method after ~10,000 calls);</li>
 *   <li>{@code phases N}: N stateless and N session executes, one in flight: where execution-service
 *   spent each one's time, from its {@code Server-Timing} header (rows {@code phase-stateless-llm} ...),
 *   beside the time the client saw;</li>
 *   <li>{@code fanout C}: C concurrent streams of 64 chunks 20 ms apart through the gateway: frames
 *   lost (must be 0), errors, time to first text under that load.</li>
 *   <li>{@code toolkit N}: what a tool call's ledger costs (issue 29: ≤ 2 ms p50 over the tool's own time). N pairs,
 *   interleaved, through the gateway to execution-service: a direct run of the calculator toolkit method (its own
 *   time is microseconds; the call is recorded in the tool ledger before it runs and its result after) against an
 *   authenticated read on the same path ({@code GET /v1/executions?limit=1}); the difference is the ledger's writes
 *   and the dispatch;</li>
 *   <li>{@code checkpoint N}: what a checkpoint of a 50-message run costs (issue 21: ≤ 1 ms p50). N runs in a
 *   session whose 20 earlier runs give 40 history messages, each run asking for 8 calculator calls in one turn, so
 *   that its state holds 41 to 51 messages of about 60 words; the saves' times come from execution-service's
 *   {@code agentplane.engine.checkpoint} histogram ({@code -Dmetrics}, its /q/metrics), read before and after
 *   (a percentile is the upper bound of its histogram bucket);</li>
 *   <li>{@code portkey N} and {@code portkey-stream N}: the named baseline. The requests of {@code serial} and
 *   {@code stream}, but the second of each pair is the simulator's own completion request sent through Portkey's
 *   AI gateway ({@code bench/portkey}, at {@code -Dportkey}, default http://127.0.0.1:8787) instead of an execute
 *   through the platform: what that gateway adds, measured like what the platform adds.</li>
 * </ul>
 * Prints tab-separated rows: name, count, errors, p50, p90, p99, max (ms, two decimals).
 * Usage: {@code java StreamProbe MODE N GATEWAY SIMULATOR API_KEY AGENT LLM_LATENCY_MS}.
 */
public final class StreamProbe {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String gateway;
    private final String simulator;
    private final String apiKey;
    private final String agent;
    private final int latencyMs;
    private final String portkey = System.getProperty("portkey", "http://127.0.0.1:8787");

    private StreamProbe(String gateway, String simulator, String apiKey, String agent, int latencyMs) {
        this.gateway = gateway;
        this.simulator = simulator;
        this.apiKey = apiKey;
        this.agent = agent;
        this.latencyMs = latencyMs;
    }

    public static void main(String[] args) throws Exception {
        StreamProbe probe = new StreamProbe(args[2], args[3], args[4], args[5], Integer.parseInt(args[6]));
        int n = Integer.parseInt(args[1]);
        switch (args[0]) {
            case "serial" -> probe.serial(n);
            case "stream" -> probe.stream(n);
            case "fanout" -> probe.fanout(n);
            case "session" -> probe.session(n);
            case "history" -> probe.history(n);
            case "idle" -> probe.idle(n);
            case "phases" -> probe.phases(n);
            case "portkey" -> probe.portkey(n);
            case "portkey-stream" -> probe.portkeyStream(n);
            case "warm" -> probe.warm(n, Integer.parseInt(System.getProperty("concurrency", "8")));
            case "toolkit" -> probe.toolkit(n);
            case "checkpoint" -> probe.checkpoint(n, System.getProperty("metrics", "http://127.0.0.1:8183/q/metrics"));
            default -> throw new IllegalArgumentException("mode: serial | session | history | stream | fanout | idle | warm | phases | toolkit | checkpoint | portkey | portkey-stream");
        }
    }

    private String message(int tokens, int intervalMs) {
        return "Benchmark request [sim:latency=" + latencyMs + "ms] [sim:tokens=" + tokens + "] [sim:interval="
                + intervalMs + "ms]";
    }

    private HttpRequest completion(String message, boolean stream) {
        return completionRequest(simulator, message, stream).build();
    }

    /** The same completion request as {@link #completion}, sent to Portkey, which passes it on to the simulator. */
    private HttpRequest completionViaPortkey(String message, boolean stream) {
        return completionRequest(portkey, message, stream).header("x-portkey-provider", "openai")
                .header("x-portkey-custom-host", simulator + "/v1").header("Authorization", "Bearer sim").build();
    }

    private static HttpRequest.Builder completionRequest(String base, String message, boolean stream) {
        String body = "{\"model\":\"sim-1\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"system\",\"content\":"
                + "\"You are a benchmark agent.\"},{\"role\":\"user\",\"content\":\"" + message + "\"}]}";
        return HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest execute(String message, boolean stream) {
        String path = "/v1/agents/" + agent + (stream ? "/execute/stream" : "/execute");
        return HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"" + message + "\"}")).build();
    }

    private HttpRequest executeInSession(String session, String message) {
        return HttpRequest.newBuilder(URI.create(gateway + "/v1/sessions/" + session + "/execute"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"" + message + "\"}")).build();
    }

    private String newSession() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/sessions"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json").header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"agent_id\":\"" + agent + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String id = field(r.body(), "id");
        if (r.statusCode() != 201 || id == null) {
            throw new IllegalStateException("cannot create a session: HTTP " + r.statusCode() + " " + r.body());
        }
        return id;
    }

    /** The first string member of that name in a JSON text (null when there is none). */
    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** One simulator call then one platform call; adds both latencies (ms) unless either failed. */
    private boolean pair(String message, HttpRequest platformRequest, List<Double> direct, List<Double> platform)
            throws Exception {
        return pair(message, platformRequest, "\"completed\"", direct, platform);
    }

    /** The same, for a second call whose answer is good when it is a 200 that contains {@code success}. */
    private boolean pair(String message, HttpRequest platformRequest, String success, List<Double> direct,
                         List<Double> platform) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> a = http.send(completion(message, false), HttpResponse.BodyHandlers.ofString());
        long t1 = System.nanoTime();
        HttpResponse<String> b = http.send(platformRequest, HttpResponse.BodyHandlers.ofString());
        long t2 = System.nanoTime();
        if (a.statusCode() != 200 || b.statusCode() != 200 || !b.body().contains(success)) {
            return false;
        }
        direct.add((t1 - t0) / 1e6);
        platform.add((t2 - t1) / 1e6);
        return true;
    }

    private void session(int n) throws Exception {
        String message = message(16, 0);
        String session = newSession();
        pairs("session", n, message, () -> executeInSession(session, message));
    }

    private void history(int n) throws Exception {
        String full = newSession();
        String fill = "Filling the history [sim:latency=0ms] [sim:tokens=16]";
        for (int i = 0; i < 500; i++) {
            HttpResponse<String> r = http.send(executeInSession(full, fill), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("cannot fill the history: HTTP " + r.statusCode() + " " + r.body());
            }
        }
        List<Double> emptyDirect = new ArrayList<>();
        List<Double> emptyPlatform = new ArrayList<>();
        List<Double> fullDirect = new ArrayList<>();
        List<Double> fullPlatform = new ArrayList<>();
        int errors = 0;
        String message = message(16, 0);
        for (int i = 0; i < n; i++) {
            String empty = newSession();
            if (!pair(message, executeInSession(empty, message), emptyDirect, emptyPlatform)) {
                errors++;
            }
            if (!pair(message, executeInSession(full, message), fullDirect, fullPlatform)) {
                errors++;
            }
        }
        List<Double> emptyAdded = differences(emptyPlatform, emptyDirect);
        List<Double> fullAdded = differences(fullPlatform, fullDirect);
        row("history-empty-added", emptyAdded, errors);
        row("history-1000-added", fullAdded, errors);
        List<Double> a = new ArrayList<>(emptyAdded);
        List<Double> b = new ArrayList<>(fullAdded);
        Collections.sort(a);
        Collections.sort(b);
        System.out.println(String.format(Locale.ROOT, "history-ratio-p50\t%d\t%d\t%.2f\t-\t-\t-", b.size(), errors,
                pct(b, 50) / Math.max(0.001, pct(a, 50))));
    }

    private void serial(int n) throws Exception {
        String message = message(16, 0);
        pairs("serial", n, message, () -> execute(message, false));
    }

    /** N pairs of a simulator call and the given platform call; rows NAME-simulator, -gateway, -added. */
    private void pairs(String name, int n, String message, java.util.function.Supplier<HttpRequest> platformRequest)
            throws Exception {
        pairs(name, "gateway", "\"completed\"", n, message, platformRequest);
    }

    /** The same with the second call's row named NAME-OTHER and its answer good when it contains {@code success}. */
    private void pairs(String name, String other, String success, int n, String message,
                       java.util.function.Supplier<HttpRequest> secondRequest) throws Exception {
        List<Double> direct = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        int errors = 0;
        for (int i = 0; i < n; i++) {
            if (!pair(message, secondRequest.get(), success, direct, second)) {
                errors++;
            }
        }
        row(name + "-simulator", direct, 0);
        row(name + "-" + other, second, errors);
        row(name + "-added", differences(second, direct), 0);
    }

    /** {@code serial}'s pairs with Portkey in place of the platform: the completion straight and through Portkey. */
    private void portkey(int n) throws Exception {
        warmPortkey();
        String message = message(16, 0);
        pairs("portkey-serial", "portkey", "\"chat.completion\"", n, message, () -> completionViaPortkey(message, false));
    }

    /**
     * Node's JIT needs a few thousand requests as well (the platform's JVMs get 12,000+ in bench/run):
     * {@code -Dportkey.warmup} (2,000) completions through Portkey, every fifth streamed, simulator at 0 ms.
     */
    private void warmPortkey() throws Exception {
        String message = "Warm-up [sim:latency=0ms] [sim:tokens=16]";
        int n = Integer.getInteger("portkey.warmup", 2000);
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = http.send(completionViaPortkey(message, i % 5 == 4), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("Portkey does not answer: HTTP " + r.statusCode() + " " + r.body());
            }
        }
    }

    /** {@code stream}'s pairs with Portkey in place of the platform; the first chunk is the same one on both sides. */
    private void portkeyStream(int n) throws Exception {
        warmPortkey();
        String message = message(16, 5);
        streams("portkey-stream", "portkey", n, message, () -> completionViaPortkey(message, true), "\"content\"");
    }

    /** Time to the first chunk and the gaps between chunks, for one streamed call. */
    private record Timing(double firstMs, List<Double> gapsMs, int chunks) {
    }

    private Timing read(HttpRequest request, String chunkMarker) throws Exception {
        long start = System.nanoTime();
        HttpResponse<java.util.stream.Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        double first = -1;
        long last = 0;
        List<Double> gaps = new ArrayList<>();
        int chunks = 0;
        try (java.util.stream.Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (!line.startsWith("data:") || !line.contains(chunkMarker)) {
                    continue;
                }
                long now = System.nanoTime();
                if (first < 0) {
                    first = (now - start) / 1e6;
                } else {
                    gaps.add((now - last) / 1e6);
                }
                last = now;
                chunks++;
            }
        }
        return new Timing(first, gaps, chunks);
    }

    private void stream(int n) throws Exception {
        String message = message(16, 5);
        streams("stream", "gateway", n, message, () -> execute(message, true), "\"type\":\"text\"");
    }

    /**
     * N pairs of a streamed simulator completion and the given streamed call, whose chunks carry {@code marker};
     * rows NAME-first-simulator, -first-OTHER, -first-added, -gap-simulator, -gap-OTHER.
     */
    private void streams(String name, String other, int n, String message,
                         java.util.function.Supplier<HttpRequest> secondRequest, String marker) {
        List<Double> directFirst = new ArrayList<>();
        List<Double> secondFirst = new ArrayList<>();
        List<Double> directGaps = new ArrayList<>();
        List<Double> secondGaps = new ArrayList<>();
        int errors = 0;
        for (int i = 0; i < n; i++) {
            try {
                Timing a = read(completion(message, true), "\"content\"");
                Timing b = read(secondRequest.get(), marker);
                directFirst.add(a.firstMs());
                secondFirst.add(b.firstMs());
                directGaps.addAll(a.gapsMs());
                secondGaps.addAll(b.gapsMs());
            } catch (Exception e) {
                errors++;
            }
        }
        row(name + "-first-simulator", directFirst, 0);
        row(name + "-first-" + other, secondFirst, errors);
        row(name + "-first-added", differences(secondFirst, directFirst), 0);
        row(name + "-gap-simulator", directGaps, 0);
        row(name + "-gap-" + other, secondGaps, 0);
    }

    private void fanout(int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        String message = message(64, 20);
        List<Future<Timing>> runs = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            runs.add(pool.submit(() -> read(execute(message, true), "\"type\":\"text\"")));
        }
        List<Double> first = new ArrayList<>();
        for (Future<Timing> run : runs) {
            try {
                Timing t = run.get();
                first.add(t.firstMs());
                lost.addAndGet(64 - t.chunks());
            } catch (Exception e) {
                errors.incrementAndGet();
                lost.addAndGet(64);
            }
        }
        pool.shutdown();
        row("fanout-first-gateway", first, errors.get());
        System.out.println("fanout-lost-frames\t" + (concurrency * 64) + "\t" + lost.get() + "\t-\t-\t-\t-");
    }

    private void idle(int n) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/agents/" + agent
                        + "/execute")).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("X-API-Key", apiKey).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"message\":\"Idle [sim:latency=90000ms]\",\"mode\":\"async\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String execution = field(started.body(), "execution_id");
        if (started.statusCode() != 202 || execution == null) {
            throw new IllegalStateException("cannot start the execution: HTTP " + started.statusCode() + " " + started.body());
        }
        Thread.sleep(2000);
        java.util.Map<String, Long> before = rssKib();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger heartbeats = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        HttpClient streams = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        List<java.util.concurrent.CompletableFuture<?>> readers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/v1/executions/" + execution + "/events"))
                    .header("X-API-Key", apiKey).header("Accept", "text/event-stream").build();
            java.util.Set<Object> counted = java.util.concurrent.ConcurrentHashMap.newKeySet();
            readers.add(streams.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
                if (r.statusCode() != 200) {
                    failed.incrementAndGet();
                    return;
                }
                open.incrementAndGet();
                Object me = new Object();
                r.body().forEach(line -> {
                    if (line.contains("\"heartbeat\"") && counted.add(me)) {
                        heartbeats.incrementAndGet();
                    }
                });
            }).exceptionally(e -> {
                failed.incrementAndGet();
                return null;
            }));
            if (i % 250 == 249) {
                Thread.sleep(100);
            }
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (open.get() + failed.get() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(17_000);  // one heartbeat interval (15 s) and a little
        java.util.Map<String, Long> after = rssKib();
        System.out.println(String.format(Locale.ROOT, "idle-streams\t%d\t%d\t%d open\t%d with a heartbeat\t-\t-", n,
                failed.get(), open.get(), heartbeats.get()));
        for (String name : after.keySet()) {
            long grown = after.get(name) - before.getOrDefault(name, 0L);
            System.out.println(String.format(Locale.ROOT, "idle-rss-%s\t%d\t0\t%d KiB before\t%d KiB after\t%.1f KiB/stream\t-",
                    name, n, before.getOrDefault(name, 0L), after.get(name), grown / (double) Math.max(1, open.get())));
        }
        http.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/executions/" + execution + "/cancel"))
                .header("X-API-Key", apiKey).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        for (java.util.concurrent.CompletableFuture<?> reader : readers) {
            try {
                reader.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                reader.cancel(true);
            }
        }
    }

    /** VmRSS of the processes named in -Dpids=name:pid,name:pid (KiB). */
    private static java.util.Map<String, Long> rssKib() throws Exception {
        java.util.Map<String, Long> rss = new java.util.TreeMap<>();
        for (String entry : System.getProperty("pids", "").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split(":");
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", parts[1], "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss.put(parts[0], Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        }
        return rss;
    }

    private void warm(int n, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        String message = "Warm-up [sim:latency=0ms] [sim:tokens=16]";
        boolean sessions = Boolean.parseBoolean(System.getProperty("sessions", "true"));
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                String session = newSession();
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    // half stateless, half in this worker's own session (history read and append);
                    // -Dsessions=false: all stateless
                    HttpRequest request = i % 2 == 0 || !sessions ? execute(message, false)
                            : executeInSession(session, message);
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(String.format(Locale.ROOT, "warm\t%d\t%d\t%.1f/s", n, errors.get(), n / seconds));
    }

    private void phases(int n) throws Exception {
        String message = message(16, 0);
        String session = newSession();
        phasesOf("stateless", n, () -> execute(message, false));
        phasesOf("session", n, () -> executeInSession(session, message));
    }

    private void phasesOf(String name, int n, java.util.function.Supplier<HttpRequest> request) throws Exception {
        java.util.Map<String, List<Double>> phases = new java.util.LinkedHashMap<>();
        List<Double> client = new ArrayList<>();
        int errors = 0;
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
            double took = (System.nanoTime() - start) / 1e6;
            String header = r.headers().firstValue("Server-Timing").orElse(null);
            if (r.statusCode() != 200 || header == null) {
                errors++;
                continue;
            }
            client.add(took);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-z]+);dur=([0-9.]+)").matcher(header);
            while (m.find()) {
                phases.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Double.parseDouble(m.group(2)));
            }
        }
        row("phase-" + name + "-client", client, errors);
        phases.forEach((phase, values) -> row("phase-" + name + "-" + phase, values, 0));
    }

    private void toolkit(int n) throws Exception {
        String agentId = createAgent("{\"name\":\"Toolkit bench\",\"system_prompt\":\"You are a benchmark agent.\","
                + "\"tools\":[\"calculator\"],\"llm_config\":{\"provider\":\"openai\",\"model\":\"sim-1\"}}");
        HttpRequest read = HttpRequest.newBuilder(URI.create(gateway + "/v1/executions?limit=1"))
                .timeout(Duration.ofSeconds(10)).header("X-API-Key", apiKey).GET().build();
        List<Double> reads = new ArrayList<>();
        List<Double> calls = new ArrayList<>();
        int errors = 0;
        for (int i = 0; i < n + 50; i++) {
            HttpRequest call = HttpRequest.newBuilder(URI.create(gateway + "/v1/agents/" + agentId
                            + "/toolkits/builtin/calculator")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("X-API-Key", apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"expression\":\"(2+3)*4\"}")).build();
            long t0 = System.nanoTime();
            HttpResponse<String> r1 = http.send(read, HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            HttpResponse<String> r2 = http.send(call, HttpResponse.BodyHandlers.ofString());
            long t2 = System.nanoTime();
            if (r1.statusCode() != 200 || r2.statusCode() != 200 || !r2.body().contains("20")) {
                errors++;
            } else if (i >= 50) {
                reads.add((t1 - t0) / 1e6);
                calls.add((t2 - t1) / 1e6);
            }
        }
        row("toolkit-read", reads, 0);
        row("toolkit-call", calls, errors);
        row("toolkit-added", differences(calls, reads), 0);
    }

    private String createAgent(String body) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/agents"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json").header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String agentId = field(created.body(), "id");
        if (created.statusCode() != 201 || agentId == null) {
            throw new IllegalStateException("cannot create the agent: HTTP " + created.statusCode() + " " + created.body());
        }
        return agentId;
    }

    private void checkpoint(int n, String metrics) throws Exception {
        String words = String.join(" ", Collections.nCopies(6, "a benchmark message of realistic length for history"));
        String agentId = createAgent("{\"name\":\"Checkpoint bench\",\"system_prompt\":"
                + "\"You are a benchmark agent.\",\"tools\":[\"calculator\"],\"config\":{\"num_history_runs\":20},"
                + "\"llm_config\":{\"provider\":\"openai\",\"model\":\"sim-1\",\"max_tokens\":200}}");
        HttpResponse<String> s = http.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/sessions"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json").header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"agent_id\":\"" + agentId + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String session = field(s.body(), "id");
        for (int i = 0; i < 20; i++) {
            send(executeInSession(session, words + " [sim:latency=0ms] [sim:tokens=60]"), "filling the history");
        }
        String calls = String.join(",", Collections.nCopies(8, "calculator"));
        String message = words + " [sim:latency=0ms] [sim:tool=" + calls + "] [sim:args={\\\"expression\\\":\\\"(2+3)*4\\\"}]";
        java.util.Map<Double, Double> before = checkpointBuckets(metrics);
        int errors = 0;
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = http.send(executeInSession(session, message), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || !r.body().contains("\"completed\"")) {
                errors++;
            }
        }
        java.util.Map<Double, Double> after = checkpointBuckets(metrics);
        double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "checkpoint-50-messages\t%d\t%d", (long) total, errors));
        for (int p : new int[]{50, 90, 99}) {
            double bound = Double.NaN;
            for (java.util.Map.Entry<Double, Double> e : after.entrySet()) {
                if (e.getValue() - before.getOrDefault(e.getKey(), 0.0) >= total * p / 100.0) {
                    bound = e.getKey() * 1000;
                    break;
                }
            }
            row.append(String.format(Locale.ROOT, "\t%.3f", bound));
        }
        System.out.println(row.append("\t-"));
    }

    private void send(HttpRequest request, String what) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(what + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    /** Cumulative counts of agentplane.engine.checkpoint by bucket bound in seconds, in ascending order. */
    private java.util.TreeMap<Double, Double> checkpointBuckets(String metrics) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(metrics)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?m)^agentplane_engine_checkpoint_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*\\} ([0-9.eE+-]+)")
                .matcher(text);
        while (m.find()) {
            double le = "+Inf".equals(m.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            buckets.merge(le, Double.parseDouble(m.group(2)), Double::sum);
        }
        if (buckets.isEmpty()) {
            throw new IllegalStateException("no agentplane_engine_checkpoint_seconds buckets at " + metrics);
        }
        return buckets;
    }

    private static List<Double> differences(List<Double> a, List<Double> b) {
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            d.add(a.get(i) - b.get(i));
        }
        return d;
    }

    private static void row(String name, List<Double> values, int errors) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "%s\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f", name, sorted.size(), errors,
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)));
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
