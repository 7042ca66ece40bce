package dev.maestro.evals.memory;

import dev.maestro.evals.report.Metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evidence recall of the scored QA items, overall, per LoCoMo category and per conversation. A category or
 * conversation seen without any scored item (every item skipped) is kept, with NaN means (not applicable) and a
 * count of 0, so a report can say "n/a" instead of a recall of 0.
 */
final class RecallTally {

    private final List<Integer> ks;
    private final Map<Integer, List<Double>> overall = new TreeMap<>();
    private final Map<Integer, Map<Integer, List<Double>>> byCategory = new TreeMap<>();
    private final Map<String, List<Double>> recall10ByConversation = new LinkedHashMap<>();
    private final List<Double> contextRecalls = new ArrayList<>();

    RecallTally(List<Integer> ks) {
        this.ks = List.copyOf(ks);
        ks.forEach(k -> overall.put(k, new ArrayList<>()));
    }

    /** A conversation was fed: it appears in the result even when none of its items is scored. */
    void conversation(String conversation) {
        recall10ByConversation.computeIfAbsent(conversation, c -> new ArrayList<>());
    }

    /** An item was seen, scored or not: its conversation and category appear in the result either way. */
    void seen(String conversation, int category) {
        conversation(conversation);
        byCategory.computeIfAbsent(category, c -> {
            Map<Integer, List<Double>> perK = new TreeMap<>();
            ks.forEach(k -> perK.put(k, new ArrayList<>()));
            return perK;
        });
    }

    /** A scored item: its recall at each of the ks, at 10, and within the assembled context. */
    void scored(String conversation, int category, Map<Integer, Double> recallAtK, double recall10, double contextRecall) {
        seen(conversation, category);
        ks.forEach(k -> {
            overall.get(k).add(recallAtK.get(k));
            byCategory.get(category).get(k).add(recallAtK.get(k));
        });
        recall10ByConversation.get(conversation).add(recall10);
        contextRecalls.add(contextRecall);
    }

    Map<Integer, Double> recall() {
        return means(overall);
    }

    Map<Integer, Map<Integer, Double>> byCategory() {
        Map<Integer, Map<Integer, Double>> out = new TreeMap<>();
        byCategory.forEach((cat, perK) -> out.put(cat, means(perK)));
        return out;
    }

    Map<Integer, Integer> categoryCounts() {
        Map<Integer, Integer> out = new TreeMap<>();
        byCategory.forEach((cat, perK) -> out.put(cat, perK.get(ks.getFirst()).size()));
        return out;
    }

    Map<String, Double> perConversation() {
        Map<String, Double> out = new LinkedHashMap<>();
        recall10ByConversation.forEach((id, values) -> out.put(id, Metric.mean(values)));
        return out;
    }

    double contextRecall() {
        return Metric.mean(contextRecalls);
    }

    private static Map<Integer, Double> means(Map<Integer, List<Double>> perK) {
        Map<Integer, Double> out = new TreeMap<>();
        perK.forEach((k, values) -> out.put(k, Metric.mean(values)));
        return out;
    }
}
