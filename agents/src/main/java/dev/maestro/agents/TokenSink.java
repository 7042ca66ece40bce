package dev.maestro.agents;

import java.util.List;

/** Receives streamed answer tokens in order, on the provider's thread. */
@FunctionalInterface
public interface TokenSink {

    TokenSink NONE = token -> { };

    void onToken(String token);

    /** The agent retrieved {@code sources} (labels, in the order it was given them) with {@code strategy}, before answering. */
    default void onRetrieval(String strategy, List<String> sources) {
    }
}
