package dev.agentplane.knowledge.store;

import dev.agentplane.knowledge.embed.Embedder;
import dev.agentplane.knowledge.embed.Vectors;
import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.UUID;

/**
 * The vectors of one knowledge base at one revision, read once per replica and kept (cache {@code kb-vectors}):
 * any change to the base's chunks bumps its revision, so a cached matrix is never searched after a change.
 */
@ApplicationScoped
public class VectorCache {
    @Inject
    EntityManager em;

    /** Chunk ids and their vectors, row by row in one flat array. */
    public record Matrix(long[] ids, float[] vectors) {
        public int size() {
            return ids.length;
        }
    }

    @CacheResult(cacheName = "kb-vectors")
    @Transactional
    public Matrix vectors(@CacheKey UUID knowledgeBaseId, @CacheKey long revision) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select id, embedding from kb_chunk where knowledge_base_id = ?")) {
                select.setObject(1, knowledgeBaseId);
                select.setFetchSize(1000);
                long[] ids = new long[1024];
                float[] vectors = new float[1024 * Embedder.DIMENSIONS];
                int n = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        if (n == ids.length) {
                            ids = Arrays.copyOf(ids, n * 2);
                            vectors = Arrays.copyOf(vectors, n * 2 * Embedder.DIMENSIONS);
                        }
                        ids[n] = rows.getLong(1);
                        System.arraycopy(Vectors.fromBytes(rows.getBytes(2)), 0, vectors, n * Embedder.DIMENSIONS,
                                Embedder.DIMENSIONS);
                        n++;
                    }
                }
                return new Matrix(Arrays.copyOf(ids, n), Arrays.copyOf(vectors, n * Embedder.DIMENSIONS));
            }
        });
    }
}
