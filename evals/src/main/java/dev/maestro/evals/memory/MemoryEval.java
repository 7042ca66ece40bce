package dev.maestro.evals.memory;

import dev.langchain4j.data.message.UserMessage;
import dev.maestro.core.Ensure;
import dev.maestro.core.Progress;
import dev.maestro.memory.MemoryContext;
import dev.maestro.memory.MemoryWorker;
import dev.maestro.memory.PostgresMemory;
import dev.maestro.memory.RecallHit;
import dev.maestro.memory.RecallOptions;
import dev.maestro.memory.Scope;
import dev.maestro.memory.StoredMessage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The LoCoMo memory evaluation: feeds each conversation turn by turn through a {@link PostgresMemory} (stamped with the
 * session dates), drains the background work, then for every QA item recalls from long-term memory and measures
 * evidence recall@k on the items' dialog ids, and the size of the context assembled for the question.
 *
 * <pre>{@code
 * MemoryEvalResult r = MemoryEval.builder().memory(memory).ks(List.of(5, 10, 25)).build().run(Path.of("locomo10.json"));
 * MemoryEvalReport.write(r, Path.of("out"));
 * }</pre>
 *
 * Each run writes under a fresh tenant and deletes its data afterwards unless {@code keepData} is set.
 *
 * @since 0.1
 */
public final class MemoryEval {

    public static final List<Integer> DEFAULT_KS = List.of(5, 10, 25);
    /** Tokens of context assembled per question (defaults to 1,500, the target). */
    public static final int DEFAULT_CONTEXT_BUDGET = 1_500;
    /** The metadata key under which each turn's dialog id is stored. */
    public static final String DIA_ID = "dia_id";

    private final PostgresMemory memory;
    private final List<Integer> ks;
    private final int contextBudget;
    private final int maxConversations;
    private final Progress progress;
    private final String tenant;
    private final boolean keepData;
    private final RecallOptions recallOptions;
    private final String mode;

    private MemoryEval(Builder b) {
        this.memory = Ensure.notNull(b.memory, "memory");
        this.ks = List.copyOf(b.ks != null ? b.ks.stream().sorted().distinct().toList() : DEFAULT_KS);
        Ensure.notEmpty(ks, "ks");
        ks.forEach(k -> Ensure.positive(k, "k"));
        this.contextBudget = Ensure.positive(b.contextBudget != null ? b.contextBudget : DEFAULT_CONTEXT_BUDGET, "contextBudget");
        this.maxConversations = b.maxConversations != null ? Ensure.positive(b.maxConversations, "conversations") : Integer.MAX_VALUE;
        this.progress = b.progress != null ? b.progress : Progress.NONE;
        this.tenant = b.tenant != null ? b.tenant : "locomo-eval-" + UUID.randomUUID().toString().substring(0, 8);
        this.keepData = b.keepData;
        // questions are about the past: rank by similarity alone unless told otherwise
        this.recallOptions = b.recallOptions != null ? b.recallOptions : RecallOptions.defaults().similarityOnly();
        this.mode = b.mode != null ? b.mode : "offline";
    }

    public static Builder builder() {
        return new Builder();
    }

    public MemoryEvalResult run(Path dataset) {
        List<LocomoDataset.Conversation> all = LocomoDataset.load(dataset);
        List<LocomoDataset.Conversation> conversations = all.subList(0, Math.min(maxConversations, all.size()));
        int maxK = ks.getLast();
        RecallTally tally = new RecallTally(ks);
        List<Integer> contextTokens = new ArrayList<>();
        int qaItems = 0;
        int skipped = 0;
        int noEvidence = 0;
        int turns = 0;
        long feedNanos = 0;
        long queryNanos = 0;
        List<Scope> scopes = new ArrayList<>();
        try {
            for (LocomoDataset.Conversation conv : conversations) {
                Scope scope = Scope.of(tenant, conv.sampleId());
                scopes.add(scope);
                UUID conversationId = UUID.nameUUIDFromBytes((tenant + "/" + conv.sampleId()).getBytes(StandardCharsets.UTF_8));
                long t0 = System.nanoTime();
                Map<Long, String> diaOf = feed(conv, scope, conversationId);
                feedNanos += System.nanoTime() - t0;
                turns += conv.turnCount();

                long t1 = System.nanoTime();
                tally.conversation(conv.sampleId());
                try (Progress.Task task = progress.start("Questions of " + conv.sampleId(), conv.qa().size(), "questions")) {
                    for (LocomoDataset.QaItem qa : conv.qa()) {
                        qaItems++;
                        task.step(1);
                        tally.seen(conv.sampleId(), qa.category());
                        if (!qa.scorable()) {
                            skipped++;
                            if (qa.evidence().isEmpty() && qa.unresolved().isEmpty()) {
                                noEvidence++;
                            }
                            continue;
                        }
                        List<RecallHit> hits = memory.recall(scope, qa.question(), recallOptions.withK(maxK));
                        List<List<String>> ranked = hits.stream().map(h -> diaIds(h, diaOf)).toList();
                        Map<Integer, Double> recallAtK = new TreeMap<>();
                        ks.forEach(k -> recallAtK.put(k, EvidenceRecall.atK(ranked, qa.evidence(), k)));
                        MemoryContext context = memory.context(scope, conversationId, qa.question(), contextBudget, recallOptions);
                        contextTokens.add(context.totalTokens());
                        List<List<String>> inContext = new ArrayList<>();
                        context.recalled().forEach(h -> inContext.add(diaIds(h, diaOf)));
                        for (StoredMessage m : context.window()) {
                            inContext.add(m.metadata().containsKey(DIA_ID) ? List.of(m.metadata().get(DIA_ID)) : List.of());
                        }
                        tally.scored(conv.sampleId(), qa.category(), recallAtK, EvidenceRecall.atK(ranked, qa.evidence(), 10),
                                inContext.isEmpty() ? 0.0 : EvidenceRecall.atK(inContext, qa.evidence(), inContext.size()));
                    }
                }
                queryNanos += System.nanoTime() - t1;
            }
        } finally {
            if (!keepData) {
                scopes.forEach(s -> memory.admin().forgetUser(s));
            }
        }
        return new MemoryEvalResult(dataset.toString(), mode, conversations.size(), turns, qaItems, skipped, noEvidence, tally.recall(),
                tally.byCategory(), tally.categoryCounts(), contextBudget, EvidenceRecall.percentile(contextTokens, 50),
                EvidenceRecall.percentile(contextTokens, 95), tally.contextRecall(), feedNanos / 1_000_000, queryNanos / 1_000_000,
                tally.perConversation(), ks);
    }

    /** Appends every turn (the shared image's caption included) and drains the background work; returns message id → dia_id. */
    private Map<Long, String> feed(LocomoDataset.Conversation conv, Scope scope, UUID conversationId) {
        Map<Long, String> diaOf = new HashMap<>();
        try (Progress.Task task = progress.start("Feeding " + conv.sampleId(), conv.turnCount(), "turns")) {
            MemoryWorker worker = memory.workerBuilder().name("locomo-eval-" + UUID.randomUUID()).batchSize(64).build();
            int n = 0;
            for (LocomoDataset.Session session : conv.sessions()) {
                for (LocomoDataset.Turn turn : session.turns()) {
                    String text = turn.caption() == null ? turn.text() : turn.text() + " [shares " + turn.caption() + "]";
                    long id = memory.append(scope, conversationId, UserMessage.from(turn.speaker(), text), turn.at(), Map.of(DIA_ID, turn.diaId()));
                    diaOf.put(id, turn.diaId());
                    task.step(1);
                    if (++n % 128 == 0) {
                        worker.runPending();
                    }
                }
            }
            task.message("embedding");
            worker.runPending();
        }
        return diaOf;
    }

    private static List<String> diaIds(RecallHit hit, Map<Long, String> diaOf) {
        List<String> ids = new ArrayList<>();
        for (long source : hit.item().sourceMessageIds()) {
            String d = diaOf.get(source);
            if (d != null && !ids.contains(d)) {
                ids.add(d);
            }
        }
        return ids;
    }

    /** Options; only {@code memory} is required. */
    public static final class Builder {
        private PostgresMemory memory;
        private List<Integer> ks;
        private Integer contextBudget;
        private Integer maxConversations;
        private Progress progress;
        private String tenant;
        private boolean keepData;
        private RecallOptions recallOptions;
        private String mode;

        private Builder() {
        }

        /** The memory under test; build it with the embedding model (and chat model, for facts and summaries) to evaluate. */
        public Builder memory(PostgresMemory memory) {
            this.memory = memory;
            return this;
        }

        /** The k of recall@k; defaults to 5, 10 and 25. */
        public Builder ks(List<Integer> ks) {
            this.ks = ks;
            return this;
        }

        public Builder contextBudget(int contextBudget) {
            this.contextBudget = contextBudget;
            return this;
        }

        /** Evaluate only the first {@code n} conversations; defaults to all. */
        public Builder conversations(int n) {
            this.maxConversations = n;
            return this;
        }

        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /** The tenant the run writes under; defaults to a fresh {@code locomo-eval-<random>}. */
        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /** Keep the fed conversations and items afterwards (default: deleted). */
        public Builder keepData(boolean keepData) {
            this.keepData = keepData;
            return this;
        }

        /** Ranking for the questions; defaults to similarity only (LoCoMo asks about the past). */
        public Builder recallOptions(RecallOptions recallOptions) {
            this.recallOptions = recallOptions;
            return this;
        }

        /** Recorded in the results: {@code offline} (default) or {@code model}. */
        public Builder mode(String mode) {
            this.mode = mode;
            return this;
        }

        public MemoryEval build() {
            return new MemoryEval(this);
        }
    }
}
