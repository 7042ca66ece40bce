package dev.maestro.rag;

import java.util.Map;

/**
 * One retrieved chunk.
 *
 * @param chunkId    the chunk's id, what feedback refers to
 * @param documentId the document it belongs to
 * @param source     the document's source: a file path, or {@code path#id} for a record of a .jsonl file
 * @param title      the document's title, may be empty
 * @param text       the chunk text that matched
 * @param metadata   the chunk's metadata (the document's metadata plus {@code source}, {@code section})
 * @param score      the strategy's score; comparable only within one result list
 * @param context    the text to show a model: the chunk itself, or its parent section or window after
 *                   {@link ExpandingRetriever expansion}
 * @since 0.1
 */
public record Hit(long chunkId, long documentId, String source, String title, String text,
                  Map<String, Object> metadata, double score, String context) {

    public Hit {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        context = context == null ? text : context;
    }

    public Hit withScore(double newScore) {
        return new Hit(chunkId, documentId, source, title, text, metadata, newScore, context);
    }

    public Hit withContext(String newContext) {
        return new Hit(chunkId, documentId, source, title, text, metadata, score, newContext);
    }
}
