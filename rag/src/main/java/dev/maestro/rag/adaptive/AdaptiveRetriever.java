package dev.maestro.rag.adaptive;

import dev.maestro.core.Ensure;
import dev.maestro.rag.Hit;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.rag.Retrieval;
import dev.maestro.rag.RetrievalRequest;
import dev.maestro.rag.Retriever;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code adaptive}: picks a strategy per query with a {@link ThompsonBandit} over {@link QueryFeatures}, then
 * delegates to it. With {@code explore(true)} (the default) it samples, so it keeps learning from the
 * feedback it gets; with {@code explore(false)} it takes the posterior-best arm. Record feedback with the
 * {@link Decision}'s strategy and features, and refresh the policy with {@link PolicyUpdater}.
 *
 * @since 0.1
 */
public final class AdaptiveRetriever implements Retriever {

    private final RagStore store;
    private final RagCollection collection;
    private final Map<String, Retriever> arms;
    private final ThompsonBandit policy;
    private final boolean explore;
    private final Random random;

    private AdaptiveRetriever(Builder b) {
        this.store = Ensure.notNull(b.store, "store");
        this.collection = Ensure.notNull(b.collection, "collection");
        Ensure.notEmpty(b.arms.keySet(), "arms");
        this.arms = Map.copyOf(b.arms);
        this.policy = Ensure.notNull(b.policy, "policy").copy();
        for (String arm : policy.arms()) {
            if (!arms.containsKey(arm)) {
                throw new IllegalArgumentException("The policy has arm '" + arm + "' but no retriever of that name was given; arms: "
                        + arms.keySet());
            }
        }
        this.explore = b.explore == null || b.explore;
        this.random = b.random == null ? new Random() : b.random;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The strategy chosen for a query and the features it was chosen on (log both with the feedback). */
    public record Decision(String strategy, double[] features) {
    }

    /** Hits and the decision that produced them. */
    public record Result(Decision decision, List<Hit> hits) {
    }

    @Override
    public String name() {
        return "adaptive";
    }

    @Override
    public List<Hit> retrieve(RetrievalRequest request) {
        return retrieveWithDecision(request).hits();
    }

    /** The hits and, as the strategy, the arm chosen for this query. */
    @Override
    public Retrieval retrieval(RetrievalRequest request) {
        Result r = retrieveWithDecision(request);
        return new Retrieval(r.decision().strategy(), r.hits());
    }

    public Result retrieveWithDecision(RetrievalRequest request) {
        Decision d = decide(request.query());
        return new Result(d, arms.get(d.strategy()).retrieve(request));
    }

    public Decision decide(String query) {
        double[] x = QueryFeatures.of(query, store.termStatistics(collection, query));
        String arm;
        synchronized (random) {
            arm = explore ? policy.choose(x, random) : policy.best(x);
        }
        return new Decision(arm, x);
    }

    public static final class Builder {
        private RagStore store;
        private RagCollection collection;
        private final Map<String, Retriever> arms = new LinkedHashMap<>();
        private ThompsonBandit policy;
        private Boolean explore;
        private Random random;

        private Builder() {
        }

        public Builder store(RagStore store) {
            this.store = store;
            return this;
        }

        public Builder collection(RagCollection collection) {
            this.collection = collection;
            return this;
        }

        /** A strategy the bandit may choose, under its {@link Retriever#name()}. */
        public Builder arm(Retriever retriever) {
            this.arms.put(retriever.name(), retriever);
            return this;
        }

        /** The policy, e.g. {@code ThompsonBandit.fromJson(policies.active(c, BANDIT).orElseThrow().state())}. */
        public Builder policy(ThompsonBandit policy) {
            this.policy = policy;
            return this;
        }

        /** Sample (true, the default) or exploit the posterior mean (false). */
        public Builder explore(boolean explore) {
            this.explore = explore;
            return this;
        }

        /** Defaults to a new {@link Random}; inject a seeded one for reproducible runs. */
        public Builder random(Random random) {
            this.random = random;
            return this;
        }

        public AdaptiveRetriever build() {
            return new AdaptiveRetriever(this);
        }
    }
}
