package dev.maestro.evals.retrieval;

import java.util.Map;

/** A training query with its relevance judgements. */
record TrainQuery(String id, String text, Map<String, Integer> qrels) {
}
