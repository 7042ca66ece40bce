/**
 * Model providers: turns the configuration into LangChain4j chat and embedding models, and gives every
 * HTTP call the same timeouts, retries and error messages.
 * <pre>{@code
 * AppConfig config = ConfigLoader...;
 * ChatModel chat = Providers.chatModel(config);                    // Ollama or OpenAI-compatible
 * StreamingChatModel streaming = Providers.streamingChatModel(config);
 * QueryAwareEmbeddingModel embeddings = Providers.embeddingModel(config); // ONNX bge-small by default
 * EmbeddingModel forQueries = embeddings.forQueries();             // adds the BGE query instruction
 * try {
 *     chat.chat("Hello");
 * } catch (ProviderException e) {                                  // the only failure type; see e.kind()
 *     System.err.println(e.getMessage());                          // says what to do
 * }
 * }</pre>
 * {@link dev.maestro.providers.ResilientHttpClient} does the retries (429, 5xx, connection failures,
 * timeouts; {@code Retry-After} honoured) and maps errors once; the models run with {@code maxRetries(0)}.
 */
package dev.maestro.providers;
