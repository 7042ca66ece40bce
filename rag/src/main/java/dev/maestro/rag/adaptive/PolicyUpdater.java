package dev.maestro.rag.adaptive;

import dev.maestro.core.Ensure;
import dev.maestro.rag.Feedback;
import dev.maestro.rag.FeedbackStore;
import dev.maestro.rag.PolicyStore;
import dev.maestro.rag.RagCollection;

import java.util.List;
import java.util.Optional;

/**
 * Rebuilds the adaptive policy from the feedback log and activates it only if it passes a replay check:
 * a candidate trained on the older {@value #DEFAULT_TRAIN_FRACTION}-fraction of the log is replayed (Li et al.
 * 2011: only events whose logged strategy equals the policy's choice count) on the newer rest, next to the
 * active policy; the candidate must match at least {@code minMatched} events and not do worse than the active
 * one by more than {@code tolerance}. Two candidates are built, a contextual one and a context-free one (plain
 * per-strategy Thompson sampling); the contextual one is kept only when it replays better by more than two
 * standard errors (at least {@code tolerance}), so query features must earn their place. The activated policy is then trained on the whole log.
 *
 * @since 0.1
 */
public final class PolicyUpdater {

    public static final double DEFAULT_TRAIN_FRACTION = 0.8;
    /** Fewest replay-matched events before a policy is trusted (defaults to 20). */
    public static final int DEFAULT_MIN_MATCHED = 20;
    /** How much worse than the active policy a candidate may replay (defaults to 0.01). */
    public static final double DEFAULT_TOLERANCE = 0.01;

    private final FeedbackStore feedback;
    private final PolicyStore policies;
    private final int minMatched;
    private final double tolerance;

    public PolicyUpdater(FeedbackStore feedback, PolicyStore policies) {
        this(feedback, policies, DEFAULT_MIN_MATCHED, DEFAULT_TOLERANCE);
    }

    public PolicyUpdater(FeedbackStore feedback, PolicyStore policies, int minMatched, double tolerance) {
        this.feedback = Ensure.notNull(feedback, "feedback");
        this.policies = Ensure.notNull(policies, "policies");
        this.minMatched = Ensure.notNegative(minMatched, "minMatched");
        this.tolerance = tolerance;
    }

    /** The replay estimate of a policy: mean reward over the matched events, and its standard error. */
    public record Replay(int matched, double meanReward, double standardError) {
    }

    /**
     * The outcome.
     *
     * @param activated whether the new policy is now active
     * @param candidate the candidate's replay on the held-out events
     * @param incumbent the active policy's replay on the same events (none when there was no active policy)
     * @param events    feedback events used
     * @param policy    the policy that is active after the update (the new one, or the one before)
     */
    public record Outcome(boolean activated, Replay candidate, Optional<Replay> incumbent, int events, Optional<ThompsonBandit> policy) {
    }

    /** Greedy replay of {@code policy} over {@code events}. */
    public static Replay replay(ThompsonBandit policy, List<Feedback> events) {
        int matched = 0;
        double sum = 0;
        double sq = 0;
        for (Feedback f : events) {
            if (f.strategy().equals(policy.best(f.features()))) {
                matched++;
                sum += f.reward();
                sq += f.reward() * f.reward();
            }
        }
        if (matched == 0) {
            return new Replay(0, 0, Double.POSITIVE_INFINITY);
        }
        double mean = sum / matched;
        double variance = Math.max(0, sq / matched - mean * mean);
        return new Replay(matched, mean, Math.sqrt(variance / matched));
    }

    /** A contextual policy over {@code arms} trained on {@code events} in order. */
    public static ThompsonBandit train(List<String> arms, List<Feedback> events) {
        return train(arms, events, true);
    }

    /** A policy over {@code arms} trained on {@code events} in order; {@code contextual} false uses the bias only. */
    public static ThompsonBandit train(List<String> arms, List<Feedback> events, boolean contextual) {
        ThompsonBandit t = contextual ? ThompsonBandit.create(arms, QueryFeatures.dimension())
                : ThompsonBandit.contextFree(arms, QueryFeatures.dimension());
        for (Feedback f : events) {
            t.update(f.strategy(), f.features(), f.reward());
        }
        return t;
    }

    public Outcome update(RagCollection collection, List<String> arms) {
        List<Feedback> events = feedback.all(collection).stream().map(FeedbackStore.Logged::feedback)
                .filter(f -> f.features().length == QueryFeatures.dimension()).toList();
        Optional<ThompsonBandit> active = policies.active(collection, PolicyStore.Kind.BANDIT).map(p -> ThompsonBandit.fromJson(p.state()));
        int cut = (int) Math.round(events.size() * DEFAULT_TRAIN_FRACTION);
        List<Feedback> older = events.subList(0, cut);
        List<Feedback> newer = events.subList(cut, events.size());
        Replay withContext = replay(train(arms, older, true), newer);
        Replay withoutContext = replay(train(arms, older, false), newer);
        // Replay means of different policies average different events, so the contextual policy must win clearly:
        // by more than two standard errors (and the tolerance).
        boolean contextual = withContext.matched() >= minMatched
                && withContext.meanReward() > withoutContext.meanReward() + Math.max(tolerance, 2 * withContext.standardError());
        Replay candidate = contextual ? withContext : withoutContext;
        Optional<Replay> incumbent = active.map(p -> replay(p, newer));
        boolean pass = candidate.matched() >= minMatched
                && (incumbent.isEmpty() || incumbent.get().matched() < minMatched
                || candidate.meanReward() >= incumbent.get().meanReward() - tolerance);
        if (!pass) {
            policies.save(collection, PolicyStore.Kind.BANDIT, train(arms, older, contextual).toJson(), false, candidate.meanReward(),
                    candidate.matched());
            return new Outcome(false, candidate, incumbent, events.size(), active);
        }
        ThompsonBandit full = train(arms, events, contextual);
        policies.save(collection, PolicyStore.Kind.BANDIT, full.toJson(), true, candidate.meanReward(), candidate.matched());
        return new Outcome(true, candidate, incumbent, events.size(), Optional.of(full));
    }
}
