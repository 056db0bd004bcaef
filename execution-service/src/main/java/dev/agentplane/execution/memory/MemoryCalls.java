package dev.agentplane.execution.memory;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.client.ServiceTokens;
import dev.agentplane.kit.request.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/**
 * The calls memory makes, with a timeout and one retry each. The token is made for the run's caller (these calls
 * also run after the answer, outside any request).
 */
@ApplicationScoped
public class MemoryCalls {
    @Inject
    @RestClient
    MemoryApi memories;
    @Inject
    @RestClient
    EmbeddingApi embeddings;
    @Inject
    ServiceTokens tokens;

    @Timeout(5_000)
    @Retry(maxRetries = 1, delay = 100)
    public EmbeddingApi.Embeddings embed(Caller caller, List<String> texts) {
        return embeddings.embed(new EmbeddingApi.Texts(texts), bearer(caller), RequestIds.current());
    }

    @Timeout(3_000)
    @Retry(maxRetries = 1, delay = 100)
    public MemoryApi.Recalled search(Caller caller, MemoryApi.Search search) {
        return memories.search(search, bearer(caller), RequestIds.current());
    }

    @Timeout(5_000)
    @Retry(maxRetries = 1, delay = 100)
    public MemoryApi.Added add(Caller caller, MemoryApi.AddFacts facts) {
        return memories.add(facts, bearer(caller), RequestIds.current());
    }

    private String bearer(Caller caller) {
        return "Bearer " + tokens.tokenFor(caller);
    }
}
