package dev.maestro.core.config;

import java.util.Locale;

/** Where embeddings come from. */
public enum EmbeddingProvider {
    ONNX, OLLAMA, OPENAI;

    static EmbeddingProvider parse(String raw) {
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AppConfig.invalid(Setting.EMBEDDING_PROVIDER, raw, "onnx, ollama or openai");
        }
    }
}
