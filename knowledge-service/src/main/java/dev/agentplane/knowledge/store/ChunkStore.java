package dev.agentplane.knowledge.store;

import dev.agentplane.knowledge.chunk.Chunk;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Where chunks and their vectors live and how the nearest ones are found. The built-in store keeps both in
 * PostgreSQL and searches exactly in memory ({@link PostgresChunkStore}); another vector store (Milvus, for
 * seed 001's {@code knowledge_base_type: milvus}) would implement this interface as an alternative bean.
 */
public interface ChunkStore {

    /** Replaces the document's chunks with these (vectors normalised, in the same order); one transaction. */
    void replace(UUID documentId, UUID knowledgeBaseId, List<Chunk> chunks, float[][] vectors);

    /** The {@code k} chunks of the base most similar to the (normalised) query, best first. */
    List<Hit> nearest(UUID knowledgeBaseId, long revision, float[] query, int k);

    /** Up to {@code k} chunks of the base matching the query's words (full text), best first, scored by rank. */
    List<Hit> keyword(UUID knowledgeBaseId, String query, int k);

    /** The stored chunks of these ids with their document (chunks deleted meanwhile are left out). */
    List<StoredChunk> load(Collection<Long> chunkIds);

    /** Chunks the base holds now. */
    long count(UUID knowledgeBaseId);

    /** A chunk found by similarity, with its cosine similarity. */
    record Hit(long chunkId, float score) {
    }

    /** A chunk as search shows it. */
    record StoredChunk(long id, UUID knowledgeBaseId, UUID documentId, String documentTitle, String storageKey,
                       int position, Integer page, String heading, String text) {
    }
}
