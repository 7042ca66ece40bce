package dev.maestro.evals.retrieval;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.core.Progress;
import dev.maestro.rag.Candidate;
import dev.maestro.rag.DenseRetriever;
import dev.maestro.rag.Feedback;
import dev.maestro.rag.FeedbackStore;
import dev.maestro.rag.Fusion;
import dev.maestro.rag.Hit;
import dev.maestro.rag.HybridRetriever;
import dev.maestro.rag.KeywordRetriever;
import dev.maestro.rag.PolicyStore;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.rag.RetrievalRequest;
import dev.maestro.rag.Retriever;
import dev.maestro.rag.adaptive.AdaptiveRetriever;
import dev.maestro.rag.adaptive.PolicyUpdater;
import dev.maestro.rag.adaptive.QueryFeatures;
import dev.maestro.rag.adaptive.ThompsonBandit;
import dev.maestro.rag.rerank.LearnedReranker;
import dev.maestro.rag.rerank.RerankingRetriever;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The strategies under evaluation, built over one collection. {@code learned} and {@code adaptive} train on the
 * train split only: the first-stage candidates of every train query are fetched once and reused.
 */
final class Strategies {

    /** Candidates per first-stage list for training, and how many fused candidates the reranker orders. */
    static final int TRAIN_DEPTH = 100;
    /** Passes of simulated feedback over the train queries. */
    static final int BANDIT_EPOCHS = 4;

    final RagStore store;
    final RagCollection collection;
    final DenseRetriever dense;
    final KeywordRetriever keyword;
    /** BM25 with Lucene's defaults (k1 = 1.2, b = 0.75), to compare with the tuned default. */
    final Retriever keywordLucene;
    final HybridRetriever hybrid;
    final HybridRetriever weighted;
    private List<Example> examples;
    private LearnedReranker ltr;
    private Retriever learned;

    Strategies(RagStore store, RagCollection collection, EmbeddingModel model, EmbeddingModel queryModel) {
        this.store = store;
        this.collection = collection;
        this.dense = queryModel == null
                ? DenseRetriever.builder().store(store).collection(collection).embeddingModel(model).build()
                : DenseRetriever.builder().store(store).collection(collection).embeddingModel(queryModel).queryInstruction("").build();
        this.keyword = KeywordRetriever.builder().store(store).collection(collection).build();
        KeywordRetriever lucene = KeywordRetriever.builder().store(store).collection(collection).k1(1.2).b(0.75).build();
        this.keywordLucene = new Retriever() {
            @Override
            public String name() {
                return "keyword-lucene";
            }

            @Override
            public List<Hit> retrieve(RetrievalRequest request) {
                return lucene.retrieve(request);
            }
        };
        this.hybrid = HybridRetriever.builder().store(store).dense(dense).keyword(keyword).build();
        this.weighted = HybridRetriever.builder().store(store).dense(dense).keyword(keyword).fusion(Fusion.weighted(0.6))
                .name("hybrid-weighted").build();
    }

    /** A train query with its first-stage candidates (the union of the dense and keyword top lists). */
    record Example(TrainQuery query, List<Candidate> candidates, List<Double> labels) {
    }

    Retriever learned(List<TrainQuery> train, Progress progress) {
        if (learned == null) {
            ltr = LearnedReranker.train(trainingLists(examples(train, progress)), LearnedReranker.Training.defaults());
            new PolicyStore(store).save(collection, PolicyStore.Kind.LTR, ltr.toJson(), true, null, null);
            learned = RerankingRetriever.builder().hybrid(hybrid).reranker(ltr).rerankDepth(TRAIN_DEPTH).name("learned").build();
        }
        return learned;
    }

    /**
     * Simulates an exploration phase on the train queries: each pass shows every train query once with a strategy
     * drawn uniformly at random (reward: nDCG@10 against the train qrels), logged as feedback. Uniform logging
     * keeps the replay check unbiased (Li et al. 2011). {@link PolicyUpdater} then trains the contextual and the
     * context-free policy from the log, replay-checks them, activates one, and the returned adaptive retriever
     * serves it without exploration.
     */
    Retriever adaptive(List<TrainQuery> train, Progress progress, long seed) {
        List<Example> ex = examples(train, progress);
        Retriever learnedArm = learned(train, progress);
        // The learned arm's simulated rewards come from models that never saw the query (2-fold cross-fitting),
        // or the bandit would overrate it.
        List<Example> even = new ArrayList<>();
        List<Example> odd = new ArrayList<>();
        for (int i = 0; i < ex.size(); i++) {
            (i % 2 == 0 ? even : odd).add(ex.get(i));
        }
        LearnedReranker onOdd = LearnedReranker.train(trainingLists(odd), LearnedReranker.Training.defaults());
        LearnedReranker onEven = LearnedReranker.train(trainingLists(even), LearnedReranker.Training.defaults());
        List<String> arms = List.of("keyword", "dense", "hybrid", "learned");
        List<double[]> features = new ArrayList<>();
        List<Map<String, List<Hit>>> rankings = new ArrayList<>();
        try (Progress.Task task = progress.start("Simulating feedback for adaptive", (long) ex.size() * BANDIT_EPOCHS, "queries")) {
            for (int i = 0; i < ex.size(); i++) {
                Example e = ex.get(i);
                features.add(QueryFeatures.of(e.query().text(), store.termStatistics(collection, e.query().text())));
                LearnedReranker crossFit = i % 2 == 0 ? onOdd : onEven;
                rankings.add(Map.of(
                        "keyword", byRank(e.candidates(), true),
                        "dense", byRank(e.candidates(), false),
                        "hybrid", e.candidates().stream().map(Candidate::hit).toList(),
                        "learned", crossFit.rerank(e.query().text(), e.candidates()).stream().map(Candidate::hit).toList()));
            }
            FeedbackStore log = new FeedbackStore(store);
            // the eval's own collection: start from an empty log and no active policy, so runs are reproducible
            log.clear(collection);
            new PolicyStore(store).deactivate(collection, PolicyStore.Kind.BANDIT);
            Random random = new Random(seed);
            List<Feedback> events = new ArrayList<>();
            for (int epoch = 0; epoch < BANDIT_EPOCHS; epoch++) {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < ex.size(); i++) {
                    order.add(i);
                }
                java.util.Collections.shuffle(order, random);
                for (int i : order) {
                    Example e = ex.get(i);
                    String arm = arms.get(random.nextInt(arms.size()));
                    List<Hit> shown = rankings.get(i).get(arm).subList(0, Math.min(10, rankings.get(i).get(arm).size()));
                    double reward = Metrics.ndcg(RetrievalEvaluation.docIds(shown), e.query().qrels(), 10);
                    List<Long> cited = shown.stream().filter(h -> e.query().qrels().getOrDefault(String.valueOf(h.metadata().get("id")), 0) > 0)
                            .map(Hit::chunkId).toList();
                    events.add(new Feedback(e.query().text(), features.get(i), arm, shown.stream().map(Hit::chunkId).toList(), cited, reward));
                    task.step(1);
                }
            }
            log.recordAll(collection, events);
        }
        PolicyUpdater.Outcome outcome = new PolicyUpdater(new FeedbackStore(store), new PolicyStore(store)).update(collection, arms);
        ThompsonBandit policy = outcome.policy().orElseGet(() -> ThompsonBandit.create(arms, QueryFeatures.dimension()));
        return AdaptiveRetriever.builder().store(store).collection(collection).policy(policy).explore(false)
                .arm(keyword).arm(dense).arm(hybrid).arm(learnedArm).build();
    }

    private List<Example> examples(List<TrainQuery> train, Progress progress) {
        if (examples != null) {
            return examples;
        }
        examples = new ArrayList<>();
        try (Progress.Task task = progress.start("Retrieving train candidates", train.size(), "queries")) {
            for (TrainQuery q : train) {
                List<Candidate> c = hybrid.candidates(RetrievalRequest.of(q.text(), TRAIN_DEPTH), TRAIN_DEPTH, 2 * TRAIN_DEPTH);
                List<Double> labels = c.stream().map(x -> (double) q.qrels().getOrDefault(String.valueOf(x.hit().metadata().get("id")), 0)).toList();
                examples.add(new Example(q, c, labels));
                task.step(1);
            }
        }
        return examples;
    }

    /** Reranker training lists: the top {@value #TRAIN_DEPTH} fused candidates, as the reranker sees them at query time. */
    private static List<LearnedReranker.TrainingList> trainingLists(List<Example> ex) {
        List<LearnedReranker.TrainingList> out = new ArrayList<>();
        for (Example e : ex) {
            int n = Math.min(TRAIN_DEPTH, e.candidates().size());
            List<Double> labels = e.labels().subList(0, n);
            if (labels.stream().anyMatch(l -> l > 0) && labels.stream().anyMatch(l -> l == 0)) {
                out.add(new LearnedReranker.TrainingList(e.query().text(), e.candidates().subList(0, n), labels));
            }
        }
        return out;
    }

    private static List<Hit> byRank(List<Candidate> candidates, boolean keywordList) {
        return candidates.stream()
                .filter(c -> (keywordList ? c.keywordRank() : c.denseRank()) >= 0)
                .sorted(Comparator.comparingInt(c -> keywordList ? c.keywordRank() : c.denseRank()))
                .map(Candidate::hit).toList();
    }
}
