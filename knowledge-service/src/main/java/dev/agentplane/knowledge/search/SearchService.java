package dev.agentplane.knowledge.search;

import dev.agentplane.knowledge.base.KnowledgeBase;
import dev.agentplane.knowledge.base.KnowledgeBaseRepository;
import dev.agentplane.knowledge.embed.Embedder;
import dev.agentplane.knowledge.store.ChunkStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Semantic search over one or more knowledge bases of a workspace; other workspaces' bases are never read. */
@ApplicationScoped
public class SearchService {
    static final int DEFAULT_TOP_K = 5;
    static final double DEFAULT_MIN_SCORE = 0;

    @Inject
    KnowledgeBaseRepository bases;
    @Inject
    ChunkStore store;
    @Inject
    Embedder embedder;

    public SearchResults.Results search(String workspaceId, List<String> baseIds, String query, Integer topK,
                                        Double minScore) {
        List<KnowledgeBase> searched = require(workspaceId, baseIds);
        int k = topK == null ? DEFAULT_TOP_K : topK;
        double min = minScore == null ? DEFAULT_MIN_SCORE : minScore;
        float[] vector = embedder.embed(query);
        List<ChunkStore.Hit> hits = new ArrayList<>();
        for (KnowledgeBase base : searched) {
            hits.addAll(store.nearest(base.id, base.revision, vector, k));
        }
        hits.sort(Comparator.comparingDouble(ChunkStore.Hit::score).reversed());
        List<ChunkStore.Hit> best = hits.stream().filter(h -> h.score() >= min).limit(k).toList();
        Map<Long, ChunkStore.StoredChunk> chunks = store.load(best.stream().map(ChunkStore.Hit::chunkId).toList())
                .stream().collect(Collectors.toMap(ChunkStore.StoredChunk::id, Function.identity()));
        List<SearchResults.Result> items = new ArrayList<>();
        for (ChunkStore.Hit hit : best) {
            ChunkStore.StoredChunk c = chunks.get(hit.chunkId());
            if (c != null) {
                items.add(new SearchResults.Result(Long.toString(c.id()), Math.round(hit.score() * 10_000) / 10_000.0,
                        c.text(), c.knowledgeBaseId().toString(),
                        new SearchResults.Document(c.documentId().toString(), c.documentTitle(), c.storageKey()),
                        c.position(), c.page(), c.heading()));
            }
        }
        return new SearchResults.Results(query, Embedder.MODEL, items);
    }

    /** Which of the ids name bases of the workspace. */
    @Transactional
    public SearchResults.Lookup lookup(String workspaceId, List<String> ids) {
        Set<String> found = bases.findAll(workspaceId, uuids(ids)).stream().map(b -> b.id.toString())
                .collect(Collectors.toSet());
        List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
        return new SearchResults.Lookup(distinct.stream().filter(found::contains).toList(),
                distinct.stream().filter(id -> !found.contains(id)).toList());
    }

    /** The bases, each of which must exist in the workspace (404 naming the first that does not). */
    @Transactional
    List<KnowledgeBase> require(String workspaceId, List<String> ids) {
        List<KnowledgeBase> found = bases.findAll(workspaceId, uuids(ids));
        Set<String> present = found.stream().map(b -> b.id.toString()).collect(Collectors.toSet());
        for (String id : ids) {
            if (!present.contains(id)) {
                throw KnowledgeBaseRepository.notFound(id);
            }
        }
        return found;
    }

    private static Set<UUID> uuids(List<String> ids) {
        return ids.stream().map(KnowledgeBaseRepository::parse).flatMap(Optional::stream)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
