package dev.maestro.rag;

import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * Query instructions some embedding models expect before a search query (passages get none).
 *
 * @since 0.1
 */
public final class QueryInstructions {

    /** The instruction of the BGE English v1.5 models. */
    public static final String BGE = "Represent this sentence for searching relevant passages: ";

    private QueryInstructions() {
    }

    /** The instruction for a known model family (by model or class name), else the empty string. */
    public static String forModel(EmbeddingModel model) {
        String name = RagStore.modelName(model).toLowerCase(java.util.Locale.ROOT);
        return name.contains("bge") && !name.contains("m3") ? BGE : "";
    }
}
