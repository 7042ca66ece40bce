package dev.maestro.memory;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

/** The in-process BGE small model (384 dimensions, no network), loaded once per test JVM. */
final class Embeddings {

    private static EmbeddingModel model;

    private Embeddings() {
    }

    static synchronized EmbeddingModel bge() {
        if (model == null) {
            model = new BgeSmallEnV15QuantizedEmbeddingModel();
        }
        return model;
    }
}
