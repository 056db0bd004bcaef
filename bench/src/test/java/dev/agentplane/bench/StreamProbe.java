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
 *   <li>{@code warm N}: N sync executes, {@code -Dconcurrency} (8) in flight, simulator at 0 ms: brings the
 *   JIT of every service to its steady state before measuring (a few hundred serial requests do not:
 *   C2 compiles a method after ~10,000 calls);</li>
 *   <li>{@code fanout C}: C concurrent streams of 64 chunks 20 ms apart through the gateway: frames
 *   lost (must be 0), errors, time to first text under that load.</li>
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
            case "warm" -> probe.warm(n, Integer.parseInt(System.getProperty("concurrency", "8")));
            default -> throw new IllegalArgumentException("mode: serial | stream | fanout");
        }
    }

    private String message(int tokens, int intervalMs) {
        return "Benchmark request [sim:latency=" + latencyMs + "ms] [sim:tokens=" + tokens + "] [sim:interval="
                + intervalMs + "ms]";
    }

    private HttpRequest completion(String message, boolean stream) {
        String body = "{\"model\":\"sim-1\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"system\",\"content\":"
                + "\"You are a benchmark agent.\"},{\"role\":\"user\",\"content\":\"" + message + "\"}]}";
        return HttpRequest.newBuilder(URI.create(simulator + "/v1/chat/completions")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest execute(String message, boolean stream) {
        String path = "/v1/agents/" + agent + (stream ? "/execute/stream" : "/execute");
        return HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"" + message + "\"}")).build();
    }

    private void serial(int n) throws Exception {
        List<Double> direct = new ArrayList<>();
        List<Double> platform = new ArrayList<>();
        int errors = 0;
        String message = message(16, 0);
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> a = http.send(completion(message, false), HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            HttpResponse<String> b = http.send(execute(message, false), HttpResponse.BodyHandlers.ofString());
            long t2 = System.nanoTime();
            if (a.statusCode() != 200 || b.statusCode() != 200 || !b.body().contains("\"completed\"")) {
                errors++;
                continue;
            }
            direct.add((t1 - t0) / 1e6);
            platform.add((t2 - t1) / 1e6);
        }
        row("serial-simulator", direct, 0);
        row("serial-gateway", platform, errors);
        row("serial-added", differences(platform, direct), 0);
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
        List<Double> directFirst = new ArrayList<>();
        List<Double> platformFirst = new ArrayList<>();
        List<Double> directGaps = new ArrayList<>();
        List<Double> platformGaps = new ArrayList<>();
        int errors = 0;
        String message = message(16, 5);
        for (int i = 0; i < n; i++) {
            try {
                Timing a = read(completion(message, true), "\"content\"");
                Timing b = read(execute(message, true), "\"type\":\"text\"");
                directFirst.add(a.firstMs());
                platformFirst.add(b.firstMs());
                directGaps.addAll(a.gapsMs());
                platformGaps.addAll(b.gapsMs());
            } catch (Exception e) {
                errors++;
            }
        }
        row("stream-first-simulator", directFirst, 0);
        row("stream-first-gateway", platformFirst, errors);
        row("stream-first-added", differences(platformFirst, directFirst), 0);
        row("stream-gap-simulator", directGaps, 0);
        row("stream-gap-gateway", platformGaps, 0);
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

    private void warm(int n, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        String message = "Warm-up [sim:latency=0ms] [sim:tokens=16]";
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                while (next.getAndIncrement() < n) {
                    HttpResponse<String> r = http.send(execute(message, false), HttpResponse.BodyHandlers.ofString());
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
