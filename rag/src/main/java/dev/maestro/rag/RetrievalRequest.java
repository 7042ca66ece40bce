package dev.maestro.rag;

import dev.langchain4j.store.embedding.filter.Filter;
import dev.maestro.core.Ensure;

/**
 * What to retrieve.
 *
 * @param query      the user's query text
 * @param maxResults how many hits to return, 1..{@value #MAX_RESULTS}
 * @param filter     a metadata filter over chunk metadata, or null; always executed as bound parameters
 * @since 0.1
 */
public record RetrievalRequest(String query, int maxResults, Filter filter) {

    public static final int MAX_RESULTS = 1000;

    public RetrievalRequest {
        Ensure.notBlank(query, "query");
        Ensure.positive(maxResults, "maxResults");
        if (maxResults > MAX_RESULTS) {
            throw new IllegalArgumentException("maxResults must be <= " + MAX_RESULTS + ", was " + maxResults);
        }
    }

    public static RetrievalRequest of(String query, int maxResults) {
        return new RetrievalRequest(query, maxResults, null);
    }

    public RetrievalRequest withFilter(Filter newFilter) {
        return new RetrievalRequest(query, maxResults, newFilter);
    }

    public RetrievalRequest withMaxResults(int n) {
        return new RetrievalRequest(query, n, filter);
    }

    public RetrievalRequest withQuery(String text) {
        return new RetrievalRequest(text, maxResults, filter);
    }
}
