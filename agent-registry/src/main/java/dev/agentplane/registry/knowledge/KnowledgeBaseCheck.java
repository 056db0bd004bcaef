package dev.agentplane.registry.knowledge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of an agent's knowledge base ids the caller's workspace does not have. Fails open, like the provider
 * credential check: when knowledge-service cannot say, the agent is saved, and its knowledge_base_search then
 * answers that a base does not exist (a tool never searches another workspace's base).
 */
@ApplicationScoped
public class KnowledgeBaseCheck {
    private static final Logger LOG = Logger.getLogger(KnowledgeBaseCheck.class);
    /** What knowledge-service's lookup takes at once. */
    private static final int LOOKUP_MAX = 100;

    @Inject
    Calls calls;

    /** The ids knowledge-service said the workspace has no base of; empty when it could not say. */
    public Set<String> missing(List<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        try {
            Set<String> missing = new HashSet<>();
            for (int i = 0; i < ids.size(); i += LOOKUP_MAX) {
                KnowledgeBasesClient.Found found = calls.lookup(ids.subList(i, Math.min(ids.size(), i + LOOKUP_MAX)));
                missing.addAll(found.missing() == null ? List.of() : found.missing());
            }
            return missing;
        } catch (RuntimeException e) {
            LOG.warnf("knowledge service could not say whether knowledge bases %s exist: %s", ids,
                    e.getClass().getSimpleName());
            return Set.of();
        }
    }

    /** The guarded remote call (a separate bean so that the fault-tolerance interceptors apply). */
    @ApplicationScoped
    public static class Calls {
        @Inject
        @RestClient
        KnowledgeBasesClient client;

        @Timeout(3000)
        @Retry(maxRetries = 1, delay = 100)
        @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
        public KnowledgeBasesClient.Found lookup(List<String> ids) {
            return client.lookup(new KnowledgeBasesClient.Lookup(ids));
        }
    }
}
