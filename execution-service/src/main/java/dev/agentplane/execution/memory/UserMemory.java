package dev.agentplane.execution.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.llm.LlmGateway;
import dev.agentplane.execution.llm.LlmResult;
import dev.agentplane.execution.llm.ModelSpec;
import dev.agentplane.kit.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Long-term memory of an agent with {@code enable_memory} about an external user: before a run, the stored facts
 * most relevant to the new message (top k by embedding similarity); after a completed run, the facts a model call
 * finds in the exchange, stored by session-service (deduplicated by similarity, a contradicted fact replaced).
 * Best effort both ways: memory that cannot be read or written never fails a run.
 */
@ApplicationScoped
public class UserMemory {
    /** Facts put before the model per run. */
    public static final int RECALL_TOP_K = 5;
    /** The model's embedder reads its first 256 word pieces; more text only costs transfer. */
    private static final int QUERY_CHARS = 2_000;
    private static final Logger LOG = Logger.getLogger(UserMemory.class);

    @Inject
    @RestClient
    MemoryApi memories;
    @Inject
    @RestClient
    EmbeddingApi embeddings;
    @Inject
    LlmGateway llm;
    @Inject
    ObjectMapper mapper;

    /** The user's facts nearest the message; the most recent ones when it cannot be embedded, none when unreachable. */
    public List<MemoryApi.Memory> recall(Caller caller, String externalUserId, String agentId, String message, int topK) {
        float[] query = null;
        if (message != null && !message.isBlank()) {
            try {
                query = embeddings.embed(caller, new EmbeddingApi.Texts(List.of(clip(message)))).embeddings().get(0);
            } catch (RuntimeException e) {
                LOG.warnf("memory: the message could not be embedded, recalling the latest facts: %s", e.getMessage());
            }
        }
        try {
            List<MemoryApi.Memory> found = memories.search(caller,
                    new MemoryApi.Search(externalUserId, agentId, query, topK)).memories();
            return found == null ? List.of() : found;
        } catch (RuntimeException e) {
            LOG.warnf("memory: the facts of a user could not be recalled: %s", e.getMessage());
            return List.of();
        }
    }

    /** After a completed run: extracts, embeds and stores the user's new facts (worker threads only). */
    public void remember(Caller caller, ModelSpec model, String externalUserId, String agentId, String executionId,
                         String userText, String answer) {
        try {
            List<MemoryApi.Memory> known = recall(caller, externalUserId, agentId, userText, RECALL_TOP_K * 2);
            LlmResult extracted = llm.chat(model, FactExtraction.prompt(known, userText, answer), FactExtraction.FORMAT,
                    List.of());
            List<FactExtraction.Fact> facts = FactExtraction.read(mapper, extracted.text(), known);
            if (facts.isEmpty()) {
                return;
            }
            EmbeddingApi.Embeddings vectors = embed(caller, facts);
            List<MemoryApi.NewFact> stored = new ArrayList<>();
            for (int i = 0; i < facts.size(); i++) {
                stored.add(new MemoryApi.NewFact(facts.get(i).fact(),
                        vectors == null ? null : vectors.embeddings().get(i), facts.get(i).replaces()));
            }
            MemoryApi.Added added = memories.add(caller, new MemoryApi.AddFacts(externalUserId, agentId, executionId,
                    vectors == null ? null : vectors.model(), stored));
            LOG.debugf("memory of %s: %d stored, %d skipped (%d+%d tokens)", executionId, added.memories().size(),
                    added.skipped(), extracted.inputTokens(), extracted.outputTokens());
        } catch (RuntimeException e) {
            LOG.warnf("memory: could not store the facts of %s: %s", executionId, e.getMessage());
        }
    }

    /** Without embeddings the facts are still stored; only their exact repetition is then caught. */
    private EmbeddingApi.Embeddings embed(Caller caller, List<FactExtraction.Fact> facts) {
        try {
            return embeddings.embed(caller, new EmbeddingApi.Texts(facts.stream().map(FactExtraction.Fact::fact).toList()));
        } catch (RuntimeException e) {
            LOG.warnf("memory: facts could not be embedded: %s", e.getMessage());
            return null;
        }
    }

    private static String clip(String text) {
        return text.length() > QUERY_CHARS ? text.substring(0, QUERY_CHARS) : text;
    }
}
