package dev.maestro.memory;

import java.time.Instant;
import java.util.UUID;

/**
 * One step of a conversation's rolling summary. It folded messages {@code fromMessageId..toMessageId} (inclusive, ids
 * of that conversation) into the summary; {@code content} is the whole summary up to {@code toMessageId}. The ranges
 * of one conversation never overlap, so no message is summarised twice.
 *
 * @since 0.1
 */
public record Summary(long id, UUID conversationId, long fromMessageId, long toMessageId, int messageCount,
                      String content, int tokenCount, Instant createdAt) {
}
