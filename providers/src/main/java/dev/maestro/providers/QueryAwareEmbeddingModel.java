package dev.maestro.providers;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.maestro.core.Ensure;

import java.util.List;
import java.util.Locale;

/**
 * An embedding model that knows retrieval models embed queries and passages differently. BGE wants
 * {@value #BGE_QUERY_INSTRUCTION} in front of a query and nothing in front of a passage; nomic-embed-text
 * wants {@code search_query: } and {@code search_document: }.
 * <p>
 * As an {@link EmbeddingModel} it embeds <em>passages</em> (what gets stored); {@link #forQueries()} is the
 * view that embeds <em>queries</em> (what gets searched with). Give the first to the ingestor and the second
 * to the retriever; both are plain {@code EmbeddingModel}s, so library modules need nothing from here:
 * <pre>{@code
 * QueryAwareEmbeddingModel embeddings = Providers.embeddingModel(config);
 * ingestor.embeddingModel(embeddings);               // passages
 * retriever.embeddingModel(embeddings.forQueries()); // queries
 * }</pre>
 *
 * @since 0.1
 */
public final class QueryAwareEmbeddingModel implements EmbeddingModel {

    public static final String BGE_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";
    static final String NOMIC_QUERY_PREFIX = "search_query: ";
    static final String NOMIC_PASSAGE_PREFIX = "search_document: ";

    private final EmbeddingModel delegate;
    private final String passagePrefix;
    private final EmbeddingModel queries;

    private QueryAwareEmbeddingModel(EmbeddingModel delegate, String queryPrefix, String passagePrefix) {
        this.delegate = Ensure.notNull(delegate, "delegate");
        this.passagePrefix = Ensure.notNull(passagePrefix, "passagePrefix");
        this.queries = new Prefixed(delegate, Ensure.notNull(queryPrefix, "queryPrefix"));
    }

    /** Prefixes queries with {@code queryPrefix} and passages with {@code passagePrefix}; either may be empty. */
    public static QueryAwareEmbeddingModel of(EmbeddingModel delegate, String queryPrefix, String passagePrefix) {
        return new QueryAwareEmbeddingModel(delegate, queryPrefix, passagePrefix);
    }

    /** The prefixes a model is known to want, by model name: BGE and nomic-embed-text; none for others. */
    public static QueryAwareEmbeddingModel forModel(EmbeddingModel delegate, String modelName) {
        String name = modelName == null ? "" : modelName.toLowerCase(Locale.ROOT);
        if (name.startsWith("bge-") || name.contains("/bge-")) {
            return of(delegate, BGE_QUERY_INSTRUCTION, "");
        }
        if (name.startsWith("nomic-embed-text")) {
            return of(delegate, NOMIC_QUERY_PREFIX, NOMIC_PASSAGE_PREFIX);
        }
        return of(delegate, "", "");
    }

    /** The same model embedding queries: the query instruction goes in front of every text. */
    public EmbeddingModel forQueries() {
        return queries;
    }

    /** Shorthand for {@code forQueries().embed(query).content()}. */
    public Embedding embedQuery(String query) {
        return queries.embed(query).content();
    }

    /** The wrapped model, without any prefixes. */
    public EmbeddingModel delegate() {
        return delegate;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> passages) {
        return Prefixed.embedAll(delegate, passagePrefix, passages);
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }

    @Override
    public String toString() {
        return "QueryAwareEmbeddingModel[" + delegate.getClass().getSimpleName() + "]";
    }

    private record Prefixed(EmbeddingModel delegate, String prefix) implements EmbeddingModel {

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            return embedAll(delegate, prefix, segments);
        }

        static Response<List<Embedding>> embedAll(EmbeddingModel delegate, String prefix, List<TextSegment> segments) {
            if (prefix.isEmpty() || segments == null) {
                return delegate.embedAll(segments);
            }
            return delegate.embedAll(segments.stream()
                    .map(s -> TextSegment.from(prefix + s.text(), s.metadata()))
                    .toList());
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }

        @Override
        public String modelName() {
            return delegate.modelName();
        }

        @Override
        public ModelProvider provider() {
            return delegate.provider();
        }
    }
}
