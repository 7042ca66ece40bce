package dev.maestro.agents;

/** Receives streamed answer tokens in order, on the provider's thread. */
@FunctionalInterface
public interface TokenSink {

    TokenSink NONE = token -> { };

    void onToken(String token);
}
