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
import java.util.HashMap;
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
    static final String VECTOR = "vector";
    static final String KEYWORD = "keyword";
    static final String HYBRID = "hybrid";
    static final int CANDIDATES_PER_K = 4;
    private static final int RRF_K = 60;

    @Inject
    KnowledgeBaseRepository bases;
    @Inject
    ChunkStore store;
    @Inject
    Embedder embedder;

    /**
     * The best {@code top_k} chunks of the bases. {@code score}: cosine similarity (vector), full-text rank
     * (keyword), or the reciprocal-rank-fusion sum of both lists (hybrid: each list brings up to
     * {@value #CANDIDATES_PER_K} x k candidates per base; {@code min_score} filters the vector side).
     */
    public SearchResults.Results search(String workspaceId, List<String> baseIds, String query, Integer topK,
                                        Double minScore, String mode) {
        List<KnowledgeBase> searched = require(workspaceId, baseIds);
        int k = topK == null ? DEFAULT_TOP_K : topK;
        double min = minScore == null ? DEFAULT_MIN_SCORE : minScore;
        String how = mode == null ? VECTOR : mode;
        int candidates = HYBRID.equals(how) ? k * CANDIDATES_PER_K : k;
        List<ChunkStore.Hit> vectorHits = new ArrayList<>();
        List<ChunkStore.Hit> keywordHits = new ArrayList<>();
        float[] vector = KEYWORD.equals(how) ? null : embedder.embed(query);
        for (KnowledgeBase base : searched) {
            if (vector != null) {
                store.nearest(base.id, base.revision, vector, candidates).stream().filter(h -> h.score() >= min)
                        .forEach(vectorHits::add);
            }
            if (!VECTOR.equals(how)) {
                keywordHits.addAll(store.keyword(base.id, query, candidates));
            }
        }
        List<ChunkStore.Hit> hits = switch (how) {
            case KEYWORD -> keywordHits;
            case HYBRID -> fuse(sorted(vectorHits), sorted(keywordHits));
            default -> vectorHits;
        };
        List<ChunkStore.Hit> best = sorted(hits).stream().limit(k).toList();
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
        return new SearchResults.Results(query, how, Embedder.MODEL, items);
    }

    private static List<ChunkStore.Hit> sorted(List<ChunkStore.Hit> hits) {
        List<ChunkStore.Hit> out = new ArrayList<>(hits);
        out.sort(Comparator.comparingDouble(ChunkStore.Hit::score).reversed());
        return out;
    }

    /** Reciprocal rank fusion: each list adds 1 / (60 + rank) for every chunk it ranks. */
    static List<ChunkStore.Hit> fuse(List<ChunkStore.Hit> first, List<ChunkStore.Hit> second) {
        Map<Long, Double> scores = new HashMap<>();
        for (List<ChunkStore.Hit> list : List.of(first, second)) {
            for (int rank = 0; rank < list.size(); rank++) {
                scores.merge(list.get(rank).chunkId(), 1.0 / (RRF_K + rank + 1), Double::sum);
            }
        }
        return scores.entrySet().stream().map(e -> new ChunkStore.Hit(e.getKey(), e.getValue().floatValue())).toList();
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
