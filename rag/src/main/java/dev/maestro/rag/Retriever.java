package dev.maestro.rag;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.maestro.core.Ensure;

import java.util.List;
import java.util.Map;

/**
 * A retrieval strategy over one collection: dense, keyword, hybrid, reranked, adaptive. Strategies compose
 * (a reranker wraps a hybrid retriever, which wraps a dense and a keyword one).
 *
 * @since 0.1
 */
public interface Retriever {

    /** The metadata key of {@link #contents} that names the strategy that found the content. */
    String STRATEGY = "strategy";

    /** A short stable name, e.g. {@code dense}, used in feedback and reports. */
    String name();

    /**
     * Returns at most {@code request.maxResults()} hits, best first.
     *
     * @throws dev.maestro.core.DatabaseException when the store cannot be read
     */
    List<Hit> retrieve(RetrievalRequest request);

    /** {@link #retrieve}, with the strategy that answered; strategies that choose per query say which they chose. */
    default Retrieval retrieval(RetrievalRequest request) {
        return new Retrieval(name(), retrieve(request));
    }

    default List<Hit> retrieve(String query, int maxResults) {
        return retrieve(RetrievalRequest.of(query, maxResults));
    }

    /** This retriever as a LangChain4j {@link ContentRetriever}, for an AI service's retrieval augmentor. */
    default ContentRetriever asContentRetriever(int maxResults) {
        Ensure.positive(maxResults, "maxResults");
        return query -> contents(retrieval(RetrievalRequest.of(query.text(), maxResults)));
    }

    /**
     * The hits as LangChain4j contents: the hit's context as text, its metadata plus {@code chunk_id},
     * {@code document_id} and {@code strategy}, and its score.
     */
    static List<Content> contents(Retrieval retrieval) {
        return retrieval.hits().stream()
                .map(h -> {
                    Metadata m = segmentMetadata(h);
                    m.put(STRATEGY, retrieval.strategy());
                    return Content.from(TextSegment.from(h.context(), m), Map.of(ContentMetadata.SCORE, h.score()));
                })
                .toList();
    }

    /** LangChain4j metadata holds only strings, UUIDs and numbers: anything else is written as text. */
    private static Metadata segmentMetadata(Hit h) {
        Metadata m = new Metadata();
        h.metadata().forEach((k, v) -> {
            switch (v) {
                case null -> {
                }
                case Integer i -> m.put(k, i);
                case Long l -> m.put(k, l);
                case Double d -> m.put(k, d);
                case Float f -> m.put(k, f);
                default -> m.put(k, v.toString());
            }
        });
        m.put("chunk_id", h.chunkId());
        m.put("document_id", h.documentId());
        if (h.title() != null && !h.title().isBlank() && !m.containsKey("title")) {
            m.put("title", h.title());
        }
        if (h.source() != null && !m.containsKey("source")) {
            m.put("source", h.source());
        }
        return m;
    }
}
