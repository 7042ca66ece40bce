package dev.maestro.rag;

/** A chunk id with a strategy's score, before the chunk's row is loaded. */
record Scored(long chunkId, double score) {
}
