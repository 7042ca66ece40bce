/**
 * Files and folders to chunks: parsing (.txt .md .html .pdf .json .jsonl), structure-aware chunking with parents for
 * context expansion, content hashing, batched embedding, one transaction per document.
 *
 * <pre>{@code
 * IngestReport r = Ingestor.builder().store(store).collection(docs).embeddingModel(model).build()
 *         .ingest(List.of(Path.of("docs")), true);
 * System.out.println(r.summary());
 * }</pre>
 */
package dev.maestro.rag.ingest;
