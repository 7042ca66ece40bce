package dev.maestro.memory;

/**
 * A recalled item with its cosine similarity to the query and the combined ranking score.
 *
 * @since 0.1
 */
public record RecallHit(MemoryItem item, double similarity, double score) {
}
