package dev.agentplane.registry.knowledge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    @RestClient
    KnowledgeBasesClient client;

    /** The ids knowledge-service said the workspace has no base of; empty when it could not say. */
    public Set<String> missing(List<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        try {
            Set<String> missing = new HashSet<>();
            for (int i = 0; i < ids.size(); i += LOOKUP_MAX) {
                KnowledgeBasesClient.Found found = client.lookup(new KnowledgeBasesClient.Lookup(
                        ids.subList(i, Math.min(ids.size(), i + LOOKUP_MAX))));
                missing.addAll(found.missing() == null ? List.of() : found.missing());
            }
            return missing;
        } catch (RuntimeException e) {
            LOG.warnf("knowledge service could not say whether knowledge bases %s exist: %s", ids,
                    e.getClass().getSimpleName());
            return Set.of();
        }
    }
}
