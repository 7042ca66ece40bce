package dev.maestro.cli.bench;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import dev.maestro.ChatRequest;
import dev.maestro.Maestro;
import dev.maestro.core.config.AppConfig;
import dev.maestro.providers.QueryAwareEmbeddingModel;
import dev.maestro.core.db.Database;
import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunListener;
import dev.maestro.memory.MemoryAdmin;
import dev.maestro.providers.Providers;
import dev.maestro.memory.Scope;

import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maestro's own cost per chat turn — memory load and save, routing, checkpoints — against a plain LangChain4j AI
 * service (message-window memory, a pgvector retriever) on the same database, both over {@link InstantModel}. The
 * two sides take turns, so JIT compilation, garbage collection and the machine's other work fall on both alike.
 */
public final class ChatBenchmark {

    private static final String BASELINE_TABLE = "bench_baseline_embeddings";
    private static final List<String> QUESTIONS = List.of(
            "hello, how are you today?", "write a python function that reverses a list", "what is the capital of France?",
            "fix the bug in my java loop", "tell me a fun fact about octopuses", "how do I read a file line by line in go?",
            "explain what idempotent means", "write a sql query that counts orders per customer");

    interface Assistant {
        String chat(@MemoryId String conversation, @UserMessage String message);
    }

    public record Figures(double p50, double p95, double mean) {
    }

    private final AppConfig config;
    private final Database db;
    private final QueryAwareEmbeddingModel embeddings;
    private final PrintStream out;

    public ChatBenchmark(AppConfig config, Database db, QueryAwareEmbeddingModel embeddings, PrintStream out) {
        this.config = config;
        this.db = db;
        this.embeddings = embeddings;
        this.out = out;
    }

    public void run(int turns, int warmup) {
        InstantModel model = new InstantModel();
        Scope scope = Scope.of("bench", "bench-" + UUID.randomUUID());
        Side maestro = null;
        Map<String, double[]> perNode = new ConcurrentHashMap<>();
        RunListener nodeTimes = event -> {
            if (event.type() == RunEvent.Type.NODE_FINISHED && event.data().get("ms") instanceof Number ms) {
                double[] sumAndCount = perNode.computeIfAbsent(event.node(), k -> new double[2]);
                synchronized (sumAndCount) {
                    sumAndCount[0] += ms.doubleValue();
                    sumAndCount[1]++;
                }
            }
        };
        // Maestro as a program embeds it, over the instant model: the router (embeddings, then the LLM classifier),
        // memory without summaries, checkpoints; no retrieval, which the baseline's own retriever stands in for
        Maestro graph = Maestro.builder().config(config).streamingChatModel(InstantModel.STREAMING).chatModel(model)
                .embeddingModel(embeddings, Providers.embeddingModelName(config)).dataSource(db.dataSource())
                .memoryScope(scope.tenantId(), scope.userId()).memorySummaries(false).retrieval(false).backgroundMemory(false)
                .setupLog(out).build();
        try (graph) {
            Assistant assistant = AiServices.builder(Assistant.class)
                    .chatModel(model)
                    .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
                    .contentRetriever(EmbeddingStoreContentRetriever.builder().embeddingStore(baselineStore())
                            .embeddingModel(embeddings.forQueries()).maxResults(3).build())
                    .build();
            maestro = new Side("maestro", (conversation, question) -> graph.run(new ChatRequest(conversation, question, nodeTimes)), turns);
            Side baseline = new Side("baseline", assistant::chat, turns);
            for (int i = 0; i < warmup; i++) {
                maestro.turn(i, false);
                baseline.turn(i, false);
            }
            perNode.clear();
            vacuum();
            long jitBefore = jitMillis();
            long[] gcBefore = gc();
            for (int i = 0; i < turns; i++) {
                // interleaved, each side first every other turn: whatever the machine does meanwhile hits both alike
                Side first = i % 2 == 0 ? maestro : baseline;
                first.turn(i, true);
                (first == maestro ? baseline : maestro).turn(i, true);
            }
            long jit = jitMillis() - jitBefore;
            long[] gcAfter = gc();
            print(turns, warmup, maestro.figures(), baseline.figures(), perNode, jit, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
        } finally {
            dropBaselineTable();
            forget(graph.memory().admin(), scope, maestro);
        }
    }

    /**
     * Deletes what the run stored: its conversations with their messages and queued memory jobs (else the next memory
     * worker would embed thousands of benchmark turns), and their checkpoints.
     */
    private void forget(MemoryAdmin memory, Scope scope, Side maestro) {
        try {
            memory.forgetUser(scope);
        } catch (RuntimeException e) { // in a finally block: report, do not hide what failed the run
            out.println("maestro: could not delete the benchmark's conversations: " + e.getMessage());
        }
        if (maestro == null) {
            return;
        }
        try (Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement st = c.prepareStatement("delete from graph_checkpoints where thread_id = any(?)")) {
            st.setArray(1, c.createArrayOf("text", maestro.conversations.toArray()));
            st.executeUpdate();
        } catch (SQLException e) {
            out.println("maestro: could not delete the benchmark's checkpoints: " + e.getMessage());
        }
    }

    private void print(int turns, int warmup, Figures maestro, Figures baseline, Map<String, double[]> perNode, long jitMs,
                       long gcCount, long gcMs) {
        StringBuilder nodes = new StringBuilder("maestro time inside nodes (mean ms):");
        perNode.forEach((node, v) -> nodes.append(String.format(Locale.ROOT, " %s %.1f", node, v[0] / v[1])));
        out.println(nodes + "; the rest is checkpoints, the conversation lock and state copies");
        out.printf(Locale.ROOT, "turns measured: %d per side, interleaved (after %d warm-up turns per side and a VACUUM ANALYZE),"
                + " instant in-process model%n", turns, warmup);
        out.printf(Locale.ROOT, "while measuring: JIT compilation %d ms, %d garbage collections (%d ms)%n", jitMs, gcCount, gcMs);
        out.printf(Locale.ROOT, "maestro  (memory load+save, embedding routing, graph, PostgreSQL checkpoints): p50 %.1f ms  p95 %.1f ms  mean %.1f ms%n",
                maestro.p50(), maestro.p95(), maestro.mean());
        out.printf(Locale.ROOT, "baseline (LangChain4j AI service, message window, pgvector retriever):        p50 %.1f ms  p95 %.1f ms  mean %.1f ms%n",
                baseline.p50(), baseline.p95(), baseline.mean());
        out.printf(Locale.ROOT, "ratio maestro/baseline: p50 %.2f  p95 %.2f   (goal: maestro p50 <= 20 ms, ratio <= 1.5)%n",
                maestro.p50() / baseline.p50(), maestro.p95() / baseline.p95());
    }

    private interface Turn {
        Object run(String conversation, String question);
    }

    /** One side of the comparison: its own three conversations, and the time of each measured turn. */
    private static final class Side {
        private final String name;
        private final Turn turn;
        private final List<String> conversations = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        private final double[] ms;
        private int measured;

        Side(String name, Turn turn, int turns) {
            this.name = name;
            this.turn = turn;
            this.ms = new double[turns];
        }

        void turn(int i, boolean measure) {
            String conversation = conversations.get(i % conversations.size());
            String question = question(name, measure ? "turn" : "warm-up", i);
            long t0 = System.nanoTime();
            turn.run(conversation, question);
            if (measure) {
                ms[measured++] = (System.nanoTime() - t0) / 1e6;
            }
        }

        Figures figures() {
            double[] sorted = Arrays.copyOf(ms, measured);
            Arrays.sort(sorted);
            return new Figures(percentile(sorted, 50), percentile(sorted, 95), Arrays.stream(sorted).average().orElse(0));
        }
    }

    /**
     * Every question is new, so no embedding memo or cache can answer one from an earlier turn. The marker leads, inside
     * the one sentence: a trailing "(turn 7)" after a question mark would read as a second request to route.
     */
    static String question(String side, String phase, int i) {
        return side + " " + phase + " " + i + ": " + QUESTIONS.get(i % QUESTIONS.size());
    }

    private static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Collections and milliseconds spent collecting so far, over all collectors. */
    private static long[] gc() {
        long count = 0;
        long ms = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            ms += Math.max(0, bean.getCollectionTime());
        }
        return new long[] {count, ms};
    }

    static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private PgVectorEmbeddingStore baselineStore() {
        PgVectorEmbeddingStore store = PgVectorEmbeddingStore.datasourceBuilder().datasource(db.dataSource())
                .table(BASELINE_TABLE).dimension(embeddings.dimension()).createTable(true).dropTableFirst(true).build();
        List<TextSegment> docs = new ArrayList<>();
        for (String q : QUESTIONS) {
            docs.add(TextSegment.from("A short note about: " + q, new Metadata()));
        }
        store.addAll(embeddings.embedAll(docs).content(), docs);
        return store;
    }

    /**
     * As pgbench does before it measures: the warm-up pruned thousands of checkpoints, and without autovacuum (or before
     * it comes round) every turn would read past their dead rows.
     */
    private void vacuum() {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("vacuum (analyze) graph_checkpoints, messages, memory_jobs, conversations");
        } catch (SQLException e) {
            throw new dev.maestro.core.DatabaseException("Cannot vacuum before measuring: " + e.getMessage(), e);
        }
    }

    private void dropBaselineTable() {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("drop table if exists " + BASELINE_TABLE);
        } catch (SQLException e) {
            out.println("maestro: could not drop " + BASELINE_TABLE + ": " + e.getMessage());
        }
    }
}
