/**
 * Three-tier conversational memory in PostgreSQL + pgvector: a short-term window, mid-term rolling summaries and
 * long-term facts and episodes, written off the request path by a {@link dev.maestro.memory.MemoryWorker}.
 *
 * <pre>{@code
 * PostgresMemory memory = PostgresMemory.builder().dataSource(ds).embeddingModel(embeddings).build();
 * memory.append(Scope.of("acme", "ana"), conversationId, UserMessage.from("I moved to Porto."));
 * memory.worker("w").runPending();
 * MemoryContext context = memory.context(Scope.of("acme", "ana"), conversationId, "Where do I live?", 1_500);
 * }</pre>
 *
 * Plain LangChain4j code uses {@link dev.maestro.memory.PostgresMemory#chatMemoryStore(dev.maestro.memory.Scope)}.
 */
package dev.maestro.memory;
