package dev.agentplane.knowledge.base;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.knowledge.config.KnowledgeConfig;
import dev.agentplane.knowledge.embed.Embedder;
import dev.agentplane.knowledge.embed.EmbeddingModels;
import dev.agentplane.knowledge.error.KnowledgeError;
import dev.agentplane.knowledge.store.Metric;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creates, changes and deletes knowledge bases; deleting one deletes its documents and chunks. */
@ApplicationScoped
public class KnowledgeBaseService {
    public static final List<String> SORTABLE = List.of("created_at", "name", "updated_at");

    @Inject
    KnowledgeBaseRepository bases;
    @Inject
    KnowledgeConfig config;
    @Inject
    EntityManager em;
    @Inject
    EmbeddingModels embeddings;

    @Transactional
    public KnowledgeBaseView create(Caller caller, KnowledgeBaseRequests.Create request) {
        String model = request.embeddingModel() == null ? Embedder.MODEL : request.embeddingModel();
        if (!embeddings.available(model)) {
            throw ApiException.invalid("embedding_model", "must be one of " + String.join(", ", embeddings.models()));
        }
        int[] chunking = chunking(request.chunking());
        // one workspace's creates are serialised so that the limit and the name check hold
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "knowledge:" + caller.workspaceId()).getSingleResult();
        if (bases.count("workspaceId", caller.workspaceId()) >= config.maxKnowledgeBases()) {
            throw KnowledgeError.KNOWLEDGE_BASE_LIMIT_REACHED.exception(
                    "This workspace already holds " + config.maxKnowledgeBases() + " knowledge bases.");
        }
        String name = request.name().strip();
        requireFreeName(caller.workspaceId(), name, null);
        KnowledgeBase base = new KnowledgeBase();
        base.id = UUID.randomUUID();
        base.tenantId = caller.tenantId();
        base.workspaceId = caller.workspaceId();
        base.name = name;
        base.description = request.description();
        base.embeddingModel = model;
        base.dimensions = embeddings.dimensions(model);
        base.metricType = request.metricType() == null ? Metric.COSINE.name() : request.metricType();
        base.chunkSize = chunking[0];
        base.chunkOverlap = chunking[1];
        base.createdAt = Instant.now();
        base.updatedAt = base.createdAt;
        bases.persist(base);
        return view(base, 0, 0);
    }

    @Transactional
    public KnowledgeBaseView update(String workspaceId, String id, KnowledgeBaseRequests.Update request) {
        KnowledgeBase base = bases.require(workspaceId, id);
        if (request.name() != null) {
            String name = request.name().strip();
            requireFreeName(workspaceId, name, base.id);
            base.name = name;
        }
        if (request.description() != null) {
            base.description = request.description();
        }
        base.updatedAt = Instant.now();
        return describe(base);
    }

    @Transactional
    public void delete(String workspaceId, String id) {
        KnowledgeBase base = bases.requireLocked(workspaceId, id);
        // documents and chunks go with it (foreign keys on delete cascade); a running ingestion finds its document gone
        bases.delete(base);
    }

    @Transactional
    public KnowledgeBaseView get(String workspaceId, String id) {
        return describe(bases.require(workspaceId, id));
    }

    @Transactional
    public Page<KnowledgeBaseView> list(String workspaceId, PageRequest request) {
        Page<KnowledgeBase> page = Page.of(bases.findInWorkspace(workspaceId, "",
                request.toSort(f -> switch (f) {
                    case "name" -> "name";
                    case "updated_at" -> "updatedAt";
                    default -> "createdAt";
                }), Parameters.with("workspaceId", workspaceId)), request, b -> b);
        Map<UUID, long[]> counts = counts(page.items().stream().map(b -> b.id).toList());
        return new Page<>(page.items().stream().map(b -> {
            long[] c = counts.getOrDefault(b.id, new long[2]);
            return view(b, c[0], c[1]);
        }).toList(), page.pagination());
    }

    private KnowledgeBaseView describe(KnowledgeBase base) {
        long[] c = counts(List.of(base.id)).getOrDefault(base.id, new long[2]);
        return view(base, c[0], c[1]);
    }

    private Map<UUID, long[]> counts(List<UUID> ids) {
        Map<UUID, long[]> counts = new HashMap<>();
        if (ids.isEmpty()) {
            return counts;
        }
        List<Object[]> rows = em.createQuery("select d.knowledgeBaseId, count(d), coalesce(sum(d.chunkCount), 0) "
                + "from KbDocument d where d.knowledgeBaseId in :ids group by d.knowledgeBaseId", Object[].class)
                .setParameter("ids", ids).getResultList();
        rows.forEach(r -> counts.put((UUID) r[0], new long[]{((Number) r[1]).longValue(), ((Number) r[2]).longValue()}));
        return counts;
    }

    private static KnowledgeBaseView view(KnowledgeBase b, long documents, long chunks) {
        return new KnowledgeBaseView(b.id.toString(), b.name, b.description, b.embeddingModel, b.dimensions, b.metricType,
                new KnowledgeBaseRequests.Chunking(b.chunkSize, b.chunkOverlap), documents, chunks, b.createdAt,
                b.updatedAt);
    }

    private void requireFreeName(String workspaceId, String name, UUID except) {
        if (bases.nameTaken(workspaceId, name, except)) {
            throw KnowledgeError.KNOWLEDGE_BASE_NAME_TAKEN.exception(
                    "A knowledge base named '" + name + "' already exists in this workspace.");
        }
    }

    private int[] chunking(KnowledgeBaseRequests.Chunking requested) {
        KnowledgeConfig.Chunking limits = config.chunking();
        int size = requested == null || requested.size() == null ? limits.defaultSize() : requested.size();
        int overlap = requested == null || requested.overlap() == null
                ? Math.min(limits.defaultOverlap(), size / 4) : requested.overlap();
        if (size < limits.minSize() || size > limits.maxSize()) {
            throw ApiException.invalid("chunking.size", "must be between " + limits.minSize() + " and "
                    + limits.maxSize() + " tokens");
        }
        if (overlap < 0 || overlap > size / 2) {
            throw ApiException.invalid("chunking.overlap", "must be between 0 and half the chunk size (" + size / 2
                    + " tokens)");
        }
        return new int[]{size, overlap};
    }
}
