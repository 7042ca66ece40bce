package dev.maestro.prompts.experiments;

import dev.maestro.prompts.Prompt;
import dev.maestro.prompts.PromptLibrary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Chooses the version of a prompt that answers a turn and learns from votes on the answers.
 *
 * <p>A prompt without an experiment is always its latest version. With one, the declared winner answers every turn;
 * before that a conversation keeps the version it was first given (sticky), and a new one gets a version by
 * {@link ThompsonSampler Thompson sampling}. Each vote on an answer is checked against the {@link StopRule}.
 */
public final class PromptExperiments {

    private final Map<String, Experiment> byPrompt = new LinkedHashMap<>();
    private final PromptLibrary library;
    private final ExperimentStore store;
    private final ThompsonSampler sampler;

    public PromptExperiments(List<Experiment> experiments, PromptLibrary library, ExperimentStore store, ThompsonSampler sampler) {
        this.library = library;
        this.store = store;
        this.sampler = sampler;
        Map<String, String> ids = new LinkedHashMap<>();
        for (Experiment e : experiments) {
            if (ids.put(e.id(), e.promptId()) != null) {
                throw new IllegalArgumentException("Prompt experiment '" + e.id() + "' is declared twice");
            }
            Experiment other = byPrompt.put(e.promptId(), e);
            if (other != null) {
                throw new IllegalArgumentException("Prompt " + e.promptId() + " is in two experiments ('" + other.id() + "' and '"
                        + e.id() + "'); a prompt may be in one at a time");
            }
            e.versions().forEach(v -> library.get(e.promptId(), v)); // a missing version fails at start, not mid-turn
        }
    }

    public List<Experiment> experiments() {
        return List.copyOf(byPrompt.values());
    }

    public Optional<Experiment> experiment(String id) {
        return byPrompt.values().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The version of {@code promptId} that answers this turn of {@code conversation} (empty: no conversation, no stickiness). */
    public Prompt choose(String promptId, String conversation) {
        Experiment e = byPrompt.get(promptId);
        if (e == null) {
            return library.latest(promptId);
        }
        OptionalInt winner = store.winner(e.id());
        int version;
        if (winner.isPresent()) {
            version = winner.getAsInt();
        } else if (conversation.isEmpty()) {
            version = sampler.choose(e, store.stats(e));
        } else {
            OptionalInt given = store.assignment(e.id(), conversation);
            version = given.isPresent() ? given.getAsInt() : store.assign(e.id(), conversation, sampler.choose(e, store.stats(e)));
        }
        store.recordTurn(e.id(), version);
        return library.get(promptId, version);
    }

    /**
     * Counts a thumbs up or down on an answer given under {@code promptRef} ({@code id@vN}, as runs record it);
     * {@code key} names the answer, so a changed vote replaces the earlier one. Returns false when the prompt is in
     * no experiment (or the version is not one of its arms), so nothing was counted.
     */
    public boolean recordVote(String promptRef, String key, boolean up) {
        int at = promptRef.lastIndexOf("@v");
        if (at <= 0) {
            return false;
        }
        Experiment e = byPrompt.get(promptRef.substring(0, at));
        int version;
        try {
            version = Integer.parseInt(promptRef.substring(at + 2));
        } catch (NumberFormatException ex) {
            return false;
        }
        if (e == null || !e.versions().contains(version)) {
            return false;
        }
        store.recordVote(e.id(), key, version, up);
        if (store.winner(e.id()).isEmpty()) {
            List<ArmStats> stats = store.stats(e);
            StopRule.winner(e, stats).ifPresent(w ->
                    store.declareWinner(e.id(), w, ProbabilityBest.of(stats, e.minLift())[e.versions().indexOf(w)]));
        }
        return true;
    }

    public ExperimentSummary summary(Experiment e) {
        return ExperimentSummary.of(e, store.stats(e), store.winner(e.id()));
    }
}
