/**
 * Maestro's public Java API: build a {@link dev.maestro.Maestro} once, send it {@link dev.maestro.ChatRequest}s,
 * read each {@link dev.maestro.ChatRun}'s events as they stream and its result when it completes.
 *
 * <pre>{@code
 * try (Maestro maestro = Maestro.builder()
 *         .streamingChatModel(model)                       // any LangChain4j StreamingChatModel
 *         .embeddingModel(new BgeSmallEnV15QuantizedEmbeddingModel(), "onnx:bge-small-en-v1.5-q")
 *         .dataSource(dataSource)                          // PostgreSQL with pgvector; Maestro migrates its schema
 *         .build()) {
 *     maestro.ingest(IngestRequest.of(Path.of("docs")));
 *     ChatRun run = maestro.chat(ChatRequest.builder().conversationId("c-1").message("Summarise our docs").build());
 *     run.events().filter(e -> e.type() == RunEvent.Type.TOKEN).forEach(e -> System.out.print(e.text("text")));
 *     System.out.println(run.await().agents());
 * }
 * }</pre>
 *
 * Events and results are the graph's own types ({@link dev.maestro.graph.RunEvent},
 * {@link dev.maestro.graph.RunResult}), and memory, ingestion and database results are those of the {@code memory},
 * {@code rag} and {@code core} modules. The classes of this package that are not public are the assembly behind the
 * API (wiring agents, router, memory and retrieval into the graph; database set-up).
 */
package dev.maestro;
