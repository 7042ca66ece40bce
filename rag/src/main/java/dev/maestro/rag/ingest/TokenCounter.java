package dev.maestro.rag.ingest;

import dev.langchain4j.model.TokenCountEstimator;
import dev.maestro.core.Ensure;

/**
 * Counts tokens for chunk sizing.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TokenCounter {

    /**
     * An estimate for WordPiece/BPE vocabularies on English text: one token per 4 characters, and at least
     * one per word. Rough but needs no tokenizer file; pass the model's tokenizer through {@link #from} for exact sizes.
     */
    TokenCounter ESTIMATE = text -> {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean ws = Character.isWhitespace(text.charAt(i));
            if (!ws && !inWord) {
                words++;
            }
            inWord = !ws;
        }
        return Math.max(words, (text.length() + 3) / 4);
    };

    int count(String text);

    /** Counts with a LangChain4j estimator, e.g. a model's real tokenizer. */
    static TokenCounter from(TokenCountEstimator estimator) {
        Ensure.notNull(estimator, "estimator");
        return estimator::estimateTokenCountInText;
    }
}
