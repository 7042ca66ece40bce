package dev.maestro.rag;

import java.util.List;

/**
 * Collection statistics of a query's terms.
 *
 * @param chunks              N, searchable chunks in the collection
 * @param documentFrequencies df of each distinct query term (0 when the collection never saw it)
 * @since 0.1
 */
public record TermStatistics(long chunks, List<Integer> documentFrequencies) {

    public TermStatistics {
        documentFrequencies = List.copyOf(documentFrequencies);
    }
}
