package dev.agentplane.knowledge.base;

import java.time.Instant;

/** A knowledge base as the API shows it, with how many documents and chunks it holds. */
public record KnowledgeBaseView(String id, String name, String description, String embeddingModel, int dimensions,
                                String metricType,
                                KnowledgeBaseRequests.Chunking chunking, long documentCount, long chunkCount,
                                Instant createdAt, Instant updatedAt) {
}
