package dev.maestro.rag;

import dev.maestro.core.Ensure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * {@code hybrid}: dense and keyword search, each to {@code candidateDepth}, merged by a {@link Fusion}
 * (reciprocal rank fusion by default).
 *
 * @since 0.1
 */
public final class HybridRetriever implements Retriever {

    /** How many hits each first-stage list contributes (defaults to 100). */
    public static final int DEFAULT_CANDIDATE_DEPTH = 100;
    /** Keyword searches wait on the database, so a virtual thread each. */
    private static final Executor KEYWORD_SEARCHES = Executors.newVirtualThreadPerTaskExecutor();

    private final RagStore store;
    private final DenseRetriever dense;
    private final KeywordRetriever keyword;
    private final Fusion fusion;
    private final int candidateDepth;
    private final String name;

    private HybridRetriever(Builder b) {
        this.store = Ensure.notNull(b.store, "store");
        this.dense = Ensure.notNull(b.dense, "dense");
        this.keyword = Ensure.notNull(b.keyword, "keyword");
        this.fusion = b.fusion == null ? Fusion.rrf() : b.fusion;
        this.candidateDepth = b.candidateDepth == null ? DEFAULT_CANDIDATE_DEPTH : Ensure.positive(b.candidateDepth, "candidateDepth");
        this.name = b.name == null ? "hybrid" : b.name;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Hit> retrieve(RetrievalRequest request) {
        List<Candidate> all = candidates(request, Math.max(candidateDepth, request.maxResults()), request.maxResults());
        return all.stream().map(Candidate::hit).toList();
    }

    /**
     * The fused candidates, best first, with both first-stage scores and ranks.
     *
     * @param depth how deep each first-stage list goes
     * @param limit how many fused candidates to load and return
     */
    public List<Candidate> candidates(RetrievalRequest request, int depth, int limit) {
        RetrievalRequest deep = request.withMaxResults(depth);
        // the keyword query needs no embedding: it runs in the database while the query is embedded and searched
        CompletableFuture<List<Scored>> keywordHits = CompletableFuture.supplyAsync(() -> keyword.search(deep), KEYWORD_SEARCHES);
        List<Scored> d;
        try {
            d = dense.search(deep);
        } catch (RuntimeException e) {
            keywordHits.cancel(false);
            throw e;
        }
        List<Scored> k = join(keywordHits);
        List<Fusion.Fused> fused = Fusion.fuse(fusion, d, k);
        List<Fusion.Fused> top = fused.subList(0, Math.min(limit, fused.size()));
        List<Hit> hits = store.load(top.stream().map(Fusion.Fused::chunkId).toList(), top.stream().map(Fusion.Fused::score).toList());
        Map<Long, Fusion.Fused> byId = new HashMap<>();
        top.forEach(f -> byId.put(f.chunkId(), f));
        List<Candidate> out = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            Fusion.Fused f = byId.get(h.chunkId());
            out.add(new Candidate(h, f.denseScore(), f.denseRank(), f.keywordScore(), f.keywordRank()));
        }
        return out;
    }

    private static List<Scored> join(CompletableFuture<List<Scored>> hits) {
        try {
            return hits.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    public static final class Builder {
        private RagStore store;
        private DenseRetriever dense;
        private KeywordRetriever keyword;
        private Fusion fusion;
        private Integer candidateDepth;
        private String name;

        private Builder() {
        }

        public Builder store(RagStore store) {
            this.store = store;
            return this;
        }

        public Builder dense(DenseRetriever dense) {
            this.dense = dense;
            return this;
        }

        public Builder keyword(KeywordRetriever keyword) {
            this.keyword = keyword;
            return this;
        }

        /** Defaults to {@link Fusion#rrf()} with k = {@value Fusion#DEFAULT_RRF_K}. */
        public Builder fusion(Fusion fusion) {
            this.fusion = fusion;
            return this;
        }

        /** Defaults to {@value #DEFAULT_CANDIDATE_DEPTH}. */
        public Builder candidateDepth(int candidateDepth) {
            this.candidateDepth = candidateDepth;
            return this;
        }

        /** Defaults to {@code hybrid}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public HybridRetriever build() {
            return new HybridRetriever(this);
        }
    }
}
