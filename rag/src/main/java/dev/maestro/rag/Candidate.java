package dev.maestro.rag;

/**
 * A hybrid candidate with what each first-stage retriever said about it: the input of rerankers.
 *
 * @param hit          the chunk, scored by the fusion
 * @param denseScore   cosine similarity, or {@link Double#NaN} when dense search did not return it
 * @param denseRank    0-based rank in the dense list, or -1
 * @param keywordScore BM25 score, or {@link Double#NaN} when keyword search did not return it
 * @param keywordRank  0-based rank in the keyword list, or -1
 * @since 0.1
 */
public record Candidate(Hit hit, double denseScore, int denseRank, double keywordScore, int keywordRank) {

    public Candidate withHit(Hit newHit) {
        return new Candidate(newHit, denseScore, denseRank, keywordScore, keywordRank);
    }
}
