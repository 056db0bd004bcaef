package dev.agentplane.knowledge.store;

import dev.agentplane.knowledge.embed.Embedder;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * bench/knowledge-ann: the HNSW index against exact search (recall@10, query latency) on synthetic vectors, and the
 * in-process embedding's throughput. Not part of the suite (no *Test name); run by the bench script.
 */
class AnnProbe {
    private static final int DIM = Embedder.DIMENSIONS;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Test
    void probe() throws Exception {
        int n = Integer.getInteger("probe.chunks", 100_000);
        int queries = Integer.getInteger("probe.queries", 200);
        Random random = new Random(22);
        // clustered unit vectors (2,000 topics, noise around each), closer to real embeddings than uniform noise
        float[][] centres = new float[2000][];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = gaussian(random, 1);
        }
        float[][] vectors = new float[n][];
        for (int i = 0; i < n; i++) {
            vectors[i] = Metric.COSINE.prepare(add(centres[random.nextInt(centres.length)], gaussian(random, 0.6f)));
        }
        StringBuilder out = new StringBuilder("## ANN index (Lucene HNSW, M=16, beam 100) on " + n
                + " synthetic 384-dimension unit vectors, " + queries + " queries\n\n");
        Path dir = Files.createTempDirectory("ann-probe-");
        try (VectorIndex index = new VectorIndex(dir, Metric.COSINE)) {
            long cpu = CPU.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            UUID doc = UUID.randomUUID();
            List<VectorIndex.Entry> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(new VectorIndex.Entry(i, doc, "f", "text/plain", Map.of(), vectors[i]));
                if (batch.size() == 1000) {
                    index.add(batch);
                    batch.clear();
                }
            }
            index.add(batch);
            index.publish(1);
            double buildS = (System.nanoTime() - wall) / 1e9;
            double buildCpuMs = (CPU.getCurrentThreadCpuTime() - cpu) / 1e6;
            out.append(String.format("- build (add + refresh, this thread; merges run on Lucene's threads): %.1f s wall, "
                    + "%.2f ms CPU per chunk on this thread%n", buildS, buildCpuMs / n));
            float[][] qs = new float[queries][];
            for (int q = 0; q < queries; q++) {
                qs[q] = Metric.COSINE.prepare(add(centres[random.nextInt(centres.length)], gaussian(random, 0.6f)));
            }
            List<Set<Long>> truth = new ArrayList<>();
            long exactNanos = 0;
            long exactCpu = CPU.getCurrentThreadCpuTime();
            for (float[] q : qs) {
                long t = System.nanoTime();
                truth.add(exact(vectors, q, 10));
                exactNanos += System.nanoTime() - t;
            }
            out.append(String.format("- exact scan, top 10: %.1f ms per query (mean), %.1f ms of CPU%n%n",
                    exactNanos / 1e6 / queries, (CPU.getCurrentThreadCpuTime() - exactCpu) / 1e6 / queries));
            out.append("| candidates (ef) | recall@10 | p50 ms | p95 ms | max ms | CPU ms per query (mean) |\n"
                    + "|---|---|---|---|---|---|\n");
            for (int ef : new int[]{10, 50, 100, 200}) {
                for (float[] q : Arrays.copyOf(qs, 20)) {
                    index.search(q, 10, ef, ChunkFilter.NONE);
                }
                long[] nanos = new long[queries];
                double found = 0;
                long cpuBefore = CPU.getCurrentThreadCpuTime();
                for (int q = 0; q < queries; q++) {
                    long t = System.nanoTime();
                    List<VectorIndex.Match> hits = index.search(qs[q], 10, ef, ChunkFilter.NONE);
                    nanos[q] = System.nanoTime() - t;
                    Set<Long> exact = truth.get(q);
                    found += hits.stream().filter(h -> exact.contains(h.chunkId())).count();
                }
                double cpuMs = (CPU.getCurrentThreadCpuTime() - cpuBefore) / 1e6 / queries;
                Arrays.sort(nanos);
                out.append(String.format("| %d | %.3f | %.2f | %.2f | %.2f | %.2f |%n", ef, found / (10.0 * queries),
                        nanos[queries / 2] / 1e6, nanos[queries * 95 / 100] / 1e6, nanos[queries - 1] / 1e6, cpuMs));
            }
        }
        out.append(embedding());
        System.out.println(out);
        Path results = Path.of("../bench/results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("knowledge-ann-" + System.currentTimeMillis() + ".md"), out);
    }

    /** Embedding throughput of the in-process model, in batches of 16 chunks of ~60 words, on one thread. */
    private static String embedding() {
        Embedder embedder = new Embedder();
        List<String> texts = new ArrayList<>();
        Random random = new Random(7);
        String[] words = ("the office policy requires every employee to report travel expenses within five days of "
                + "return and attach receipts for meals hotels trains taxis and conference fees approved by a manager")
                .split(" ");
        for (int i = 0; i < 512; i++) {
            StringBuilder t = new StringBuilder();
            for (int w = 0; w < 60; w++) {
                t.append(words[random.nextInt(words.length)]).append(' ');
            }
            texts.add(t.toString());
        }
        embedder.embed(texts.subList(0, 16));
        long cpu = CPU.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < texts.size(); i += 16) {
            embedder.embed(texts.subList(i, i + 16));
        }
        double s = (System.nanoTime() - wall) / 1e9;
        double cpuMs = (CPU.getCurrentThreadCpuTime() - cpu) / 1e6;
        return String.format("%n## Embedding (all-MiniLM-L6-v2 in process, batches of 16, ~60 words a chunk)%n%n"
                + "- %d chunks in %.1f s: %.1f chunks/s, %.1f ms of CPU per chunk (this thread)%n", texts.size(), s,
                texts.size() / s, cpuMs / texts.size());
    }

    private static Set<Long> exact(float[][] vectors, float[] q, int k) {
        long[] best = new long[k];
        float[] scores = new float[k];
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < vectors.length; i++) {
            float s = 0;
            float[] v = vectors[i];
            for (int d = 0; d < DIM; d++) {
                s += v[d] * q[d];
            }
            if (s > scores[k - 1]) {
                int j = k - 1;
                while (j > 0 && scores[j - 1] < s) {
                    scores[j] = scores[j - 1];
                    best[j] = best[j - 1];
                    j--;
                }
                scores[j] = s;
                best[j] = i;
            }
        }
        Set<Long> out = new HashSet<>();
        for (long b : best) {
            out.add(b);
        }
        return out;
    }

    private static float[] gaussian(Random random, float sigma) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian() * sigma / (float) Math.sqrt(DIM);
        }
        return v;
    }

    private static float[] add(float[] a, float[] b) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = a[i] + b[i];
        }
        return v;
    }
}
