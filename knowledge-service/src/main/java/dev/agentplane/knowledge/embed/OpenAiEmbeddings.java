package dev.agentplane.knowledge.embed;

import dev.agentplane.knowledge.config.KnowledgeConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator's OpenAI-compatible embedding model ({@code agentplane.knowledge.embeddings.openai.*}). A refusal
 * (4xx but 429) is final and says why; an outage (5xx, 429, no answer) is retried here, then left to the ingestion's
 * own retries. The key never appears in a message.
 */
@ApplicationScoped
public class OpenAiEmbeddings {
    @Inject
    KnowledgeConfig config;

    private OpenAiApi api;

    /** The endpoint refused the request: retrying the same input will not help. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The endpoint did not answer usefully; another attempt later may succeed. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    @PostConstruct
    void init() {
        KnowledgeConfig.Embeddings.OpenAi c = config.embeddings().openai();
        if (c.baseUrl().isPresent() && c.model().isPresent()) {
            if (c.dimensions() < 1 || c.dimensions() > 1024) {
                throw new IllegalStateException("agentplane.knowledge.embeddings.openai.dimensions must be 1-1024");
            }
            api = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(c.baseUrl().get()))
                    .connectTimeout(5, TimeUnit.SECONDS)
                    .readTimeout(c.timeout().toMillis(), TimeUnit.MILLISECONDS).build(OpenAiApi.class);
        }
    }

    /** The configured model's name, or null when none is configured. */
    public String model() {
        return api == null ? null : config.embeddings().openai().model().orElse(null);
    }

    public int dimensions() {
        return config.embeddings().openai().dimensions();
    }

    /** The vectors of the texts, in order, as the model gives them. */
    @Retry(maxRetries = 2, delay = 300, jitter = 100, retryOn = Unavailable.class)
    public float[][] embed(List<String> texts) {
        KnowledgeConfig.Embeddings.OpenAi c = config.embeddings().openai();
        OpenAiApi.Response answer;
        try {
            answer = api.embed(c.apiKey().map(k -> "Bearer " + k).orElse(null), new OpenAiApi.Request(model(), texts,
                    c.sendDimensions() ? c.dimensions() : null, "float"));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String what = "The embedding service answered " + status + " for model " + model();
            if (status == 429 || status >= 500) {
                throw new Unavailable(what + ".");
            }
            throw new Refused(what + (status == 401 || status == 403 ? ": check the operator's API key." : "."));
        } catch (ProcessingException e) {
            throw new Unavailable("The embedding service could not be reached (" + model() + ").");
        }
        return vectors(answer, texts.size());
    }

    private float[][] vectors(OpenAiApi.Response answer, int expected) {
        List<OpenAiApi.Item> items = answer == null || answer.data() == null ? List.of()
                : answer.data().stream().sorted(Comparator.comparingInt(OpenAiApi.Item::index)).toList();
        if (items.size() != expected) {
            throw new Refused("The embedding service returned " + items.size() + " vectors for " + expected
                    + " texts.");
        }
        float[][] out = new float[expected][];
        for (int i = 0; i < expected; i++) {
            float[] v = items.get(i).embedding();
            if (v == null || v.length != dimensions()) {
                throw new Refused("The embedding service returned vectors of " + (v == null ? 0 : v.length)
                        + " dimensions; " + dimensions() + " are configured.");
            }
            out[i] = v;
        }
        return out;
    }
}
