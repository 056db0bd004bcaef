package dev.agentplane.knowledge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Everything the knowledge service reads from configuration ({@code agentplane.knowledge.*}). */
@ConfigMapping(prefix = "agentplane.knowledge")
public interface KnowledgeConfig {

    /** Knowledge bases one workspace may hold. */
    @WithDefault("100")
    int maxKnowledgeBases();

    /** Documents one knowledge base may hold. */
    @WithDefault("1000")
    int maxDocuments();

    /** Characters of text one document may have (inline text; longer extracted text fails the document). */
    @WithDefault("200000")
    int maxDocumentChars();

    /** Chunks one document may be cut into (more fails it with DOCUMENT_TOO_LARGE). */
    @WithDefault("2000")
    int maxChunksPerDocument();

    /** Chunks one knowledge base may hold: its vectors are searched exactly, in memory (see README). */
    @WithDefault("50000")
    int maxChunksPerKnowledgeBase();

    Chunking chunking();

    Ingestion ingestion();

    /** Chunk sizes in tokens of the embedding model's tokenizer. */
    interface Chunking {
        @WithDefault("200")
        int defaultSize();

        @WithDefault("30")
        int defaultOverlap();

        @WithDefault("32")
        int minSize();

        /** all-MiniLM-L6-v2 reads at most 256 word pieces well; longer chunks blur their embedding. */
        @WithDefault("256")
        int maxSize();
    }

    /** The asynchronous ingestion of documents. */
    interface Ingestion {
        /** Chunks embedded per model call (and per progress update). */
        @WithDefault("16")
        int batchSize();

        /**
         * A pending or processing document untouched for this long is handed out again; longer than the longest
         * silent step (reading a long PDF's text: up to 60 s, retried twice).
         */
        @WithDefault("PT5M")
        Duration staleAfter();

        /** How often the sweep for such documents runs ({@code off} disables it). */
        @WithDefault("30s")
        String sweepEvery();

        /** Attempts before a document that keeps failing unexpectedly is marked failed. */
        @WithDefault("3")
        int maxAttempts();
    }
}
