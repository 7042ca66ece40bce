/**
 * Ingestion and adaptive retrieval (dense, keyword BM25, hybrid, re-ranked, adaptive) over PostgreSQL + pgvector.
 *
 * <pre>{@code
 * RagStore store = RagStore.create(dataSource);
 * RagCollection docs = store.collection("docs", embeddingModel);
 * DenseRetriever dense = DenseRetriever.builder().store(store).collection(docs).embeddingModel(embeddingModel).build();
 * KeywordRetriever bm25 = KeywordRetriever.builder().store(store).collection(docs).build();
 * Retriever hybrid = HybridRetriever.builder().store(store).dense(dense).keyword(bm25).build();
 * List<Hit> hits = ExpandingRetriever.parent(store, hybrid).retrieve("how are keys rotated?", 5);
 * }</pre>
 * Sub-packages: {@code ingest} (files to chunks), {@code rerank} (learned, LLM, cross-encoder), {@code adaptive}
 * (per-query strategy choice by Thompson sampling), {@code transform} (HyDE, multi-query); {@code internal} is not API.
 */
package dev.maestro.rag;
