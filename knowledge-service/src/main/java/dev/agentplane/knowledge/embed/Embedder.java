package dev.agentplane.knowledge.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The in-process embedding model: all-MiniLM-L6-v2 from langchain4j's jar (ONNX weights inside, no network),
 * 384 dimensions, vectors normalised to length 1 so that a dot product is the cosine similarity. Loaded on
 * first use. Also counts tokens with the model's own tokenizer, so chunk sizes mean what the model sees.
 */
@ApplicationScoped
public class Embedder {
    public static final String MODEL = "all-minilm-l6-v2";
    public static final int DIMENSIONS = 384;
    private static final Logger LOG = Logger.getLogger(Embedder.class);
    private static final String WEIGHTS = "/all-minilm-l6-v2.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

    private volatile Loaded loaded;

    private record Loaded(OnnxEmbeddingModel model, HuggingFaceTokenCountEstimator tokens, Path dir) {
    }

    /** Normalised embeddings of the texts, in order (the caller's thread does the work). */
    public float[][] embed(List<String> texts) {
        List<Embedding> embeddings = model().model().embedAll(texts.stream().map(TextSegment::from).toList()).content();
        float[][] vectors = new float[embeddings.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = normalise(embeddings.get(i).vector());
        }
        return vectors;
    }

    public float[] embed(String text) {
        return embed(List.of(text))[0];
    }

    /** Word pieces the model's tokenizer makes of the text (special tokens not counted). */
    public int tokens(String text) {
        return text.isEmpty() ? 0 : model().tokens().estimateTokenCountInText(text);
    }

    private Loaded model() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = load();
                }
                current = loaded;
            }
        }
        return current;
    }

    private static Loaded load() {
        long started = System.nanoTime();
        try {
            // ONNX Runtime reads the 90 MB of weights from a file natively; loading them from the jar would put
            // them (and the buffer copies of reading a stream) on the heap
            Path dir = Files.createTempDirectory("agentplane-embedder-");
            Path weights = copy(WEIGHTS, dir.resolve("model.onnx"));
            Path tokenizer = copy(TOKENIZER, dir.resolve("tokenizer.json"));
            OnnxEmbeddingModel model = new OnnxEmbeddingModel(weights, tokenizer, PoolingMode.MEAN, Runnable::run);
            Loaded loaded = new Loaded(model, new HuggingFaceTokenCountEstimator(tokenizer), dir);
            LOG.infof("embedding model %s loaded in %d ms", MODEL, (System.nanoTime() - started) / 1_000_000);
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the embedding model", e);
        }
    }

    private static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = OnnxEmbeddingModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        double norm = Math.sqrt(sum);
        if (norm == 0) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    void removeUnpackedModel(@Observes ShutdownEvent stop) {
        Loaded current = loaded;
        if (current == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(current.dir())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not remove %s: %s", current.dir(), e.getMessage());
        }
    }
}
