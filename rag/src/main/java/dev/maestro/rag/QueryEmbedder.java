package dev.maestro.rag;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.core.MaestroException;

/** Embeds query text, prefixed with the model's query instruction (BGE models expect one). */
final class QueryEmbedder {

    private final EmbeddingModel model;
    private final String prefix;

    QueryEmbedder(EmbeddingModel model, String prefix) {
        this.model = model;
        this.prefix = prefix == null ? "" : prefix;
    }

    float[] embed(String query) {
        try {
            return model.embed(prefix + query).content().vector();
        } catch (RuntimeException e) {
            throw new MaestroException("Embedding the query with " + RagStore.modelName(model) + " failed: " + e.getMessage(), e);
        }
    }
}
