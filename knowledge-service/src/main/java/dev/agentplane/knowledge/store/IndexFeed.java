package dev.agentplane.knowledge.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.knowledge.embed.Vectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** What a vector index is built from: the base's ready documents and their chunks, read from PostgreSQL. */
@ApplicationScoped
public class IndexFeed {
    private static final int BATCH = 1000;
    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper mapper;

    /** The base's state as a revision and its ready documents, read in that order (see VectorIndexes). */
    public record State(long revision, Set<UUID> documents) {
    }

    @Transactional
    public State state(UUID knowledgeBaseId) {
        Object revision = em.createNativeQuery("select revision from knowledge_base where id = ?1")
                .setParameter(1, knowledgeBaseId).getResultStream().findFirst().orElse(-1L);
        @SuppressWarnings("unchecked")
        List<UUID> ready = em.createNativeQuery("select id from kb_document where knowledge_base_id = ?1 "
                + "and status = 'ready'", UUID.class).setParameter(1, knowledgeBaseId).getResultList();
        return new State(((Number) revision).longValue(), Set.copyOf(ready));
    }

    /** The chunks of these documents as index entries, handed over in batches (the heap holds one batch). */
    @Transactional
    public void entries(Collection<UUID> documentIds, Metric metric, Consumer<List<VectorIndex.Entry>> sink) {
        if (documentIds.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select c.id, c.embedding, d.id, d.title, "
                    + "d.content_type, d.metadata::text from kb_chunk c join kb_document d on d.id = c.document_id "
                    + "where c.document_id = any(?)")) {
                Array ids = connection.createArrayOf("uuid", documentIds.toArray());
                select.setArray(1, ids);
                select.setFetchSize(BATCH);
                List<VectorIndex.Entry> batch = new ArrayList<>(BATCH);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        batch.add(new VectorIndex.Entry(rows.getLong(1), rows.getObject(3, UUID.class),
                                rows.getString(4), rows.getString(5), metadata(rows.getString(6)),
                                metric.prepare(Vectors.fromBytes(rows.getBytes(2)))));
                        if (batch.size() == BATCH) {
                            sink.accept(batch);
                            batch = new ArrayList<>(BATCH);
                        }
                    }
                }
                sink.accept(batch);
            }
        });
    }

    private Map<String, String> metadata(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return mapper.readValue(json, METADATA).entrySet().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
