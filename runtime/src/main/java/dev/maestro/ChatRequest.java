package dev.maestro;

import dev.maestro.core.Ensure;
import dev.maestro.graph.RunListener;

import java.util.UUID;

/**
 * One message to Maestro: the conversation it belongs to (a new one when not given) and, optionally, a listener
 * that receives the run's events as they happen, on the threads that produce them.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder().conversationId("support-42").message("Hello").build();
 * }</pre>
 *
 * @param conversationId the conversation; memory and checkpoints are kept per conversation
 * @param message        what the user said
 * @param listener       called for every event of the run; must be quick and thread-safe
 * @param runId          the caller's id of this run, stored with its model calls ({@code model_usage.run_id}); may be null
 * @since 0.1
 */
public record ChatRequest(String conversationId, String message, RunListener listener, UUID runId) {

    public ChatRequest {
        Ensure.notBlank(conversationId, "conversationId");
        Ensure.notBlank(message, "message");
        listener = listener == null ? RunListener.NONE : listener;
    }

    /** A request without a run id. */
    public ChatRequest(String conversationId, String message, RunListener listener) {
        this(conversationId, message, listener, null);
    }

    /** A message in a new conversation. */
    public static ChatRequest of(String message) {
        return builder().message(message).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ChatRequest}; only the message is required. */
    public static final class Builder {

        private String conversationId;
        private String message;
        private RunListener listener;
        private UUID runId;

        private Builder() {
        }

        /** The conversation to continue; a new random id when not set. */
        public Builder conversationId(String conversationId) {
            this.conversationId = conversationId;
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** Receives each event as it happens (tokens, node, route, tool and usage events). */
        public Builder listener(RunListener listener) {
            this.listener = listener;
            return this;
        }

        /** The caller's id of this run (a server's), stored with the run's model calls. */
        public Builder runId(UUID runId) {
            this.runId = runId;
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(conversationId == null ? UUID.randomUUID().toString() : conversationId, message, listener, runId);
        }
    }
}
