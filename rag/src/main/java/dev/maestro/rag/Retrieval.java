package dev.maestro.rag;

import dev.maestro.core.Ensure;

import java.util.List;

/**
 * What one search found and the strategy that found it: a retriever's own name, or for {@code adaptive} the strategy
 * it chose for this query (what feedback on the answer should be credited to).
 *
 * @since 0.1
 */
public record Retrieval(String strategy, List<Hit> hits) {

    public Retrieval {
        Ensure.notBlank(strategy, "strategy");
        hits = List.copyOf(hits);
    }
}
