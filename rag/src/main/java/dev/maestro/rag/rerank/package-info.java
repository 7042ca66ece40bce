/**
 * Second-stage rerankers over hybrid candidates: {@link dev.maestro.rag.rerank.LearnedReranker} (offline-trained
 * linear LTR), {@link dev.maestro.rag.rerank.LlmReranker} (a chat model orders the passages) and
 * {@link dev.maestro.rag.rerank.ScoringModelReranker} (any LangChain4j scoring model, e.g. an ONNX cross-encoder).
 *
 * <pre>{@code
 * Retriever learned = RerankingRetriever.builder().hybrid(hybrid).reranker(ltr).rerankDepth(100).build();
 * }</pre>
 */
package dev.maestro.rag.rerank;
