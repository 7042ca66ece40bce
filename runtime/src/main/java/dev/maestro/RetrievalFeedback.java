package dev.maestro;

import dev.maestro.graph.RunResult;
import dev.maestro.rag.Feedback;
import dev.maestro.rag.FeedbackStore;
import dev.maestro.rag.PolicyStore;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.rag.adaptive.PolicyUpdater;
import dev.maestro.rag.adaptive.QueryFeatures;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a person's thumbs up or down on an answer into retrieval feedback (strategy, chunks shown and cited,
 * reward) for the adaptive policy and the learned re-ranker.
 */
final class RetrievalFeedback {

    private static final Pattern SOURCE = Pattern.compile("^\\[(\\d+)] .* · chunk (\\d+)$");
    private static final Pattern CITATION = Pattern.compile("\\[(\\d+)]");

    private final RagStore store;
    private final RagCollection collection;

    RetrievalFeedback(RagStore store, RagCollection collection) {
        this.store = store;
        this.collection = collection;
    }

    /** Records feedback on an answer; returns a one-line account for the user. */
    public String record(String question, RunResult answer, boolean up) {
        List<Long> shown = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (String source : answer.sources()) {
            Matcher m = SOURCE.matcher(source);
            if (m.matches()) {
                numbers.add(Integer.parseInt(m.group(1)));
                shown.add(Long.parseLong(m.group(2)));
            }
        }
        if (shown.isEmpty()) {
            return "Noted. The answer used no retrieved sources, so retrieval has nothing to learn from it.";
        }
        List<Long> cited = new ArrayList<>();
        Matcher c = CITATION.matcher(answer.answer());
        while (c.find()) {
            int n = Integer.parseInt(c.group(1));
            int index = numbers.indexOf(n);
            if (index >= 0 && !cited.contains(shown.get(index))) {
                cited.add(shown.get(index));
            }
        }
        double[] features = QueryFeatures.of(question, store.termStatistics(collection, question));
        FeedbackStore feedback = new FeedbackStore(store);
        long id = feedback.record(collection,
                Feedback.thumbs(question, features, answer.retrieval().isEmpty() ? MaestroRuntime.FALLBACK_STRATEGY : answer.retrieval(),
                        shown, cited, up));
        // learn from it: a new policy is replay-checked on the newest feedback and served only if it does no worse
        PolicyUpdater.Outcome outcome = new PolicyUpdater(feedback, new PolicyStore(store))
                .update(collection, MaestroRuntime.ADAPTIVE_ARMS);
        return "Recorded " + (up ? "👍" : "👎") + " as retrieval feedback #" + id + " (" + shown.size() + " sources shown, "
                + cited.size() + " cited)." + (outcome.activated()
                ? " The adaptive retrieval policy was updated from " + outcome.events() + " feedback events; it is used from the next session."
                : "");
    }
}
