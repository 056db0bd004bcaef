package dev.agentplane.knowledge.store;

import dev.agentplane.knowledge.chunk.Chunk;
import dev.agentplane.knowledge.embed.Embedder;
import dev.agentplane.knowledge.embed.Vectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * The built-in store: chunks and vectors in PostgreSQL (this server has no pgvector), nearest neighbours by
 * an exact scan of the base's vectors in memory. Exact search costs one dot product per chunk (384 floats): a
 * few milliseconds for tens of thousands of chunks, which is why a base is capped
 * ({@code max-chunks-per-knowledge-base}); an ANN index is the next step for larger bases (README).
 */
@ApplicationScoped
public class PostgresChunkStore implements ChunkStore {
    private static final int MAX_QUERY_WORDS = 32;

    @Inject
    EntityManager em;
    @Inject
    VectorCache cache;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void replace(UUID documentId, UUID knowledgeBaseId, List<Chunk> chunks, float[][] vectors) {
        em.createNativeQuery("delete from kb_chunk where document_id = ?1").setParameter(1, documentId)
                .executeUpdate();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into kb_chunk (document_id, "
                    + "knowledge_base_id, position, page, heading, text, token_count, embedding) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < chunks.size(); i++) {
                    Chunk c = chunks.get(i);
                    insert.setObject(1, documentId);
                    insert.setObject(2, knowledgeBaseId);
                    insert.setInt(3, c.position());
                    if (c.page() == null) {
                        insert.setNull(4, Types.INTEGER);
                    } else {
                        insert.setInt(4, c.page());
                    }
                    insert.setString(5, c.heading());
                    insert.setString(6, c.text());
                    insert.setInt(7, c.tokens());
                    insert.setBytes(8, Vectors.toBytes(vectors[i]));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    @Override
    public List<Hit> nearest(UUID knowledgeBaseId, long revision, float[] query, int k) {
        VectorCache.Matrix m = cache.vectors(knowledgeBaseId, revision);
        float[] v = m.vectors();
        int d = Embedder.DIMENSIONS;
        // a min-heap of the best k so far
        PriorityQueue<Hit> best = new PriorityQueue<>(k + 1, (a, b) -> Float.compare(a.score(), b.score()));
        for (int row = 0; row < m.size(); row++) {
            float score = 0;
            int offset = row * d;
            for (int i = 0; i < d; i++) {
                score += v[offset + i] * query[i];
            }
            if (best.size() < k) {
                best.add(new Hit(m.ids()[row], score));
            } else if (score > best.peek().score()) {
                best.poll();
                best.add(new Hit(m.ids()[row], score));
            }
        }
        List<Hit> out = new ArrayList<>(best);
        out.sort((a, b) -> Float.compare(b.score(), a.score()));
        return out;
    }

    @Override
    @Transactional
    public List<Hit> keyword(UUID knowledgeBaseId, String query, int k) {
        if (query.isBlank()) {
            return List.of();
        }
        // any of the query's words (a question's words rarely all occur in the passage that answers it);
        // chunks with more of them, closer together, rank higher. PostgreSQL's parser splits the query as it
        // split the chunks ("PN-4711" is 'pn' and '-4711', "v2.3" one word): a split of our own missed codes.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select c.id, ts_rank_cd(c.tsv, q) from kb_chunk c, "
                        + "to_tsquery('simple', (select string_agg(quote_literal(w), ' | ') from (select w from "
                        + "unnest(tsvector_to_array(to_tsvector('simple', ?1))) w limit ?4) words)) q "
                        + "where c.knowledge_base_id = ?2 and c.tsv @@ q order by 2 desc, c.id limit ?3")
                .setParameter(1, query).setParameter(2, knowledgeBaseId).setParameter(3, k)
                .setParameter(4, MAX_QUERY_WORDS).getResultList();
        return rows.stream().map(r -> new Hit(((Number) r[0]).longValue(), ((Number) r[1]).floatValue())).toList();
    }

    @Override
    @Transactional
    public List<StoredChunk> load(Collection<Long> chunkIds) {
        if (chunkIds.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createQuery("select c.id, c.knowledgeBaseId, c.documentId, d.title, d.storageKey, "
                        + "c.position, c.page, c.heading, c.text from KbChunk c, KbDocument d "
                        + "where d.id = c.documentId and c.id in :ids", Object[].class)
                .setParameter("ids", chunkIds).getResultList();
        return rows.stream().map(r -> new StoredChunk((Long) r[0], (UUID) r[1], (UUID) r[2], (String) r[3],
                (String) r[4], (Integer) r[5], (Integer) r[6], (String) r[7], (String) r[8])).toList();
    }

    @Override
    @Transactional
    public long count(UUID knowledgeBaseId) {
        return ((Number) em.createNativeQuery("select count(*) from kb_chunk where knowledge_base_id = ?1")
                .setParameter(1, knowledgeBaseId).getSingleResult()).longValue();
    }
}
