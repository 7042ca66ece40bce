package dev.maestro.rag.rerank;

import dev.maestro.rag.Candidate;

import java.util.List;

/**
 * A second stage: reorders first-stage candidates for a query.
 *
 * @since 0.1
 */
public interface Reranker {

    /** A short name, e.g. {@code learned}, {@code llm}, {@code cross-encoder}. */
    String name();

    /**
     * Returns the same candidates, best first, each hit carrying the reranker's score.
     * Candidates the reranker could not judge keep their relative order after the judged ones.
     */
    List<Candidate> rerank(String query, List<Candidate> candidates);
}
