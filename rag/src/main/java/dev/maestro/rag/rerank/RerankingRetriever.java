package dev.maestro.rag.rerank;

import dev.maestro.core.Ensure;
import dev.maestro.rag.Candidate;
import dev.maestro.rag.Hit;
import dev.maestro.rag.HybridRetriever;
import dev.maestro.rag.RetrievalRequest;
import dev.maestro.rag.Retriever;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code rerank}: hybrid candidates, the top {@code rerankDepth} reordered by a {@link Reranker}; deeper
 * candidates follow in hybrid order, scored below the reranked ones.
 *
 * @since 0.1
 */
public final class RerankingRetriever implements Retriever {

    /** Candidates the reranker sees (defaults to 20, suitable for an LLM; a learned model takes 100 easily). */
    public static final int DEFAULT_RERANK_DEPTH = 20;

    private final HybridRetriever first;
    private final Reranker reranker;
    private final int rerankDepth;
    private final String name;

    private RerankingRetriever(Builder b) {
        this.first = Ensure.notNull(b.first, "hybrid");
        this.reranker = Ensure.notNull(b.reranker, "reranker");
        this.rerankDepth = b.rerankDepth == null ? DEFAULT_RERANK_DEPTH : Ensure.positive(b.rerankDepth, "rerankDepth");
        this.name = b.name == null ? reranker.name() : b.name;
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
        int limit = Math.max(rerankDepth, request.maxResults());
        List<Candidate> candidates = first.candidates(request, Math.max(HybridRetriever.DEFAULT_CANDIDATE_DEPTH, limit), limit);
        int cut = Math.min(rerankDepth, candidates.size());
        List<Candidate> reranked = reranker.rerank(request.query(), candidates.subList(0, cut));
        List<Hit> out = new ArrayList<>(Math.min(request.maxResults(), candidates.size()));
        double floor = Double.POSITIVE_INFINITY;
        for (Candidate c : reranked) {
            if (out.size() == request.maxResults()) {
                return out;
            }
            out.add(c.hit());
            floor = Math.min(floor, c.hit().score());
        }
        for (int i = cut; i < candidates.size() && out.size() < request.maxResults(); i++) {
            out.add(candidates.get(i).hit().withScore(floor - i)); // below every reranked hit, in hybrid order
        }
        return out;
    }

    public static final class Builder {
        private HybridRetriever first;
        private Reranker reranker;
        private Integer rerankDepth;
        private String name;

        private Builder() {
        }

        /** The first stage. */
        public Builder hybrid(HybridRetriever hybrid) {
            this.first = hybrid;
            return this;
        }

        public Builder reranker(Reranker reranker) {
            this.reranker = reranker;
            return this;
        }

        /** Defaults to {@value #DEFAULT_RERANK_DEPTH}. */
        public Builder rerankDepth(int rerankDepth) {
            this.rerankDepth = rerankDepth;
            return this;
        }

        /** Defaults to the reranker's name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public RerankingRetriever build() {
            return new RerankingRetriever(this);
        }
    }
}
