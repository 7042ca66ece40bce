package dev.maestro.evals.retrieval;

import java.util.List;

/** One query's ranked document ids and latency, for metrics. */
record QueryRun(String queryId, List<String> docIds, double latencyMs) {
}
