package dev.maestro.cache;

/**
 * Whether a fresh answer and a cached one say the same: the label of an exploration. vCache compares strings or asks
 * an LLM; Maestro's chat compares the answers' embeddings ({@code cache.answer-match}), evaluations compare labels.
 */
@FunctionalInterface
public interface AnswerJudge {

    boolean equivalent(String fresh, String cached);
}
