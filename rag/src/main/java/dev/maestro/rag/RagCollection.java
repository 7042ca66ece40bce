package dev.maestro.rag;

/**
 * A named set of documents embedded by one embedding model.
 *
 * @param id             the database id
 * @param name           unique name, chosen by the user
 * @param embeddingModel the model name its embeddings came from (see {@link RagStore#modelName})
 * @param dimension      the embedding dimension, checked against the model on every open
 * @param textConfig     the PostgreSQL text-search configuration used for BM25 terms, e.g. {@code english}
 * @param chunkCount     searchable chunks (BM25's N)
 * @param totalLength    their summed length in lexemes (BM25's avgdl = totalLength / chunkCount)
 * @since 0.1
 */
public record RagCollection(long id, String name, String embeddingModel, int dimension, String textConfig,
                            long chunkCount, long totalLength) {

    /** Average chunk length in lexemes, at least 1. */
    public double averageLength() {
        return chunkCount == 0 ? 1 : Math.max(1.0, (double) totalLength / chunkCount);
    }
}
