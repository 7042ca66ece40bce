package dev.maestro.evals.memory;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a LoCoMo memory evaluation.
 *
 * @param dataset         the file evaluated
 * @param mode            {@code offline} (episodes only) or {@code model} (facts and summaries too)
 * @param conversations   how many conversations were fed
 * @param turns           how many dialog turns were fed
 * @param qaItems         QA items of those conversations
 * @param skipped         items skipped: no evidence, or evidence that does not resolve to a turn
 * @param skippedNoEvidence of which without any evidence
 * @param recall          mean evidence recall@k over scored items, by k
 * @param byCategory      the same per LoCoMo category code (4 single-hop, 1 multi-hop, 2 temporal, 3 open-domain, 5 adversarial)
 * @param categoryCounts  scored items per category
 * @param contextBudget   the token budget of the assembled context
 * @param contextP50      median tokens of the context assembled per query
 * @param contextP95      95th percentile of the same
 * @param contextRecall   mean evidence recall of what the assembled context holds (recalled items and window)
 * @param feedMillis      time to store every turn and run the background work
 * @param queryMillis     time to answer every query (recall and context assembly)
 * @param perConversation recall@10 per conversation sample id
 * @since 0.1
 */
public record MemoryEvalResult(String dataset, String mode, int conversations, int turns, int qaItems, int skipped,
                               int skippedNoEvidence, Map<Integer, Double> recall, Map<Integer, Map<Integer, Double>> byCategory,
                               Map<Integer, Integer> categoryCounts, int contextBudget, int contextP50, int contextP95,
                               double contextRecall, long feedMillis, long queryMillis, Map<String, Double> perConversation,
                               List<Integer> ks) {

    /** Items that were scored. */
    public int scored() {
        return qaItems - skipped;
    }
}
