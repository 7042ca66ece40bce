/**
 * Retrieval evaluation on BEIR-format datasets: nDCG@10, Recall@10/100, MRR@10 and latency per strategy,
 * {@code results.json} plus markdown and HTML reports.
 *
 * <pre>{@code
 * RetrievalEvaluation.builder().dataset(BeirDataset.open(dir)).store(store).embeddingModel(model).build()
 *         .run().writeTo(outDir);
 * }</pre>
 */
package dev.maestro.evals.retrieval;
