/**
 * The intent-routing evaluation ({@code maestro eval routing}): CLINC150 or {@code text,category} CSVs,
 * in-scope accuracy, out-of-scope recall, latency and confusions for kNN, centroid and hybrid routing.
 *
 * <pre>{@code
 * RoutingEval.Result r = RoutingEval.builder().embeddingModel(model).cacheDir(out.resolve("embedding-cache"))
 *         .build().run(RoutingDataset.clinc150(Path.of("../shared/datasets/clinc150/data_full.json")));
 * RoutingReport.write(r, out, "maestro eval routing --dataset ... --out " + out);
 * }</pre>
 */
package dev.maestro.evals.routing;
