package dev.maestro.providers;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.maestro.core.Ensure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Remembers the embeddings of the most recent single texts, so one turn embeds its question once although the router
 * and memory recall both ask for it (and a prefetch started early is joined rather than repeated). Batches
 * (ingestion) pass straight through. Embeddings are a pure function of the text for a given model, so a hit is exactly
 * what the model would have returned.
 *
 * @since 0.1
 */
public final class RecentEmbeddings implements EmbeddingModel {

    /** Enough for every turn in flight on a busy server; about 1.5 KiB per entry at 384 dimensions. */
    public static final int DEFAULT_SIZE = 1024;

    private final EmbeddingModel delegate;
    /** Guarded by itself. */
    private final Map<String, CompletableFuture<Embedding>> recent;

    public RecentEmbeddings(EmbeddingModel delegate, int size) {
        this.delegate = Ensure.notNull(delegate, "delegate");
        int capacity = Ensure.positive(size, "size");
        this.recent = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Embedding>> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        if (segments.size() != 1) {
            return delegate.embedAll(segments);
        }
        String text = segments.get(0).text();
        CompletableFuture<Embedding> mine = new CompletableFuture<>();
        CompletableFuture<Embedding> known;
        synchronized (recent) {
            known = recent.putIfAbsent(text, mine);
        }
        if (known != null) {
            try {
                return Response.from(List.of(known.join()));
            } catch (CompletionException e) {
                // the other caller failed; try for ourselves below, as if nothing were known
                synchronized (recent) {
                    recent.remove(text, known);
                    recent.putIfAbsent(text, mine);
                }
            }
        }
        try {
            Response<List<Embedding>> response = delegate.embedAll(segments);
            mine.complete(response.content().get(0));
            return response;
        } catch (RuntimeException e) {
            synchronized (recent) {
                recent.remove(text, mine);
            }
            mine.completeExceptionally(e);
            throw e;
        }
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
