package dev.maestro.app.bench;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import dev.maestro.app.AgentWiring;
import dev.maestro.app.MemoryTurns;
import dev.maestro.app.config.AppConfig;
import dev.maestro.app.provider.QueryAwareEmbeddingModel;
import dev.maestro.core.db.Database;
import dev.maestro.graph.MaestroGraph;
import dev.maestro.graph.RunListener;
import dev.maestro.memory.PostgresMemory;
import dev.maestro.memory.Scope;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Maestro's own cost per chat turn — memory load and save, routing, checkpoints — against a plain LangChain4j AI
 * service (message-window memory, a pgvector retriever) on the same database, both over {@link InstantModel}.
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
        PostgresMemory memory = PostgresMemory.builder().dataSource(db.dataSource()).embeddingModel(embeddings).build();
        Scope scope = Scope.of("bench", "bench-" + UUID.randomUUID());
        Figures maestro;
        try (MaestroGraph graph = AgentWiring.graph(new AgentWiring.Parts(config, InstantModel.STREAMING, model, embeddings, db.dataSource(), null,
                new MemoryTurns(memory, scope, config.memoryTokens())))) {
            java.util.Map<String, double[]> perNode = new java.util.concurrent.ConcurrentHashMap<>();
            RunListener nodeTimes = event -> {
                if (event.type() == dev.maestro.graph.RunEvent.Type.NODE_FINISHED && event.data().get("ms") instanceof Number ms) {
                    double[] sumAndCount = perNode.computeIfAbsent(event.node(), k -> new double[2]);
                    synchronized (sumAndCount) {
                        sumAndCount[0] += ms.doubleValue();
                        sumAndCount[1]++;
                    }
                }
            };
            maestro = measure("maestro", turns, warmup, (conversation, question) -> graph.run(conversation, question, nodeTimes));
            StringBuilder nodes = new StringBuilder("maestro time inside nodes (mean ms):");
            perNode.forEach((node, v) -> nodes.append(String.format(Locale.ROOT, " %s %.1f", node, v[0] / v[1])));
            out.println(nodes + "; the rest is checkpoints, the conversation lock and state copies");
        }
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(model)
                .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
                .contentRetriever(EmbeddingStoreContentRetriever.builder().embeddingStore(baselineStore())
                        .embeddingModel(embeddings.forQueries()).maxResults(3).build())
                .build();
        Figures baseline = measure("baseline", turns, warmup, assistant::chat);
        dropBaselineTable();

        out.printf(Locale.ROOT, "turns measured: %d per side (after %d warm-up turns), instant in-process model%n", turns, warmup);
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

    /**
     * Every question is new, so no embedding memo or cache can answer one from an earlier turn. The marker leads, inside
     * the one sentence: a trailing "(turn 7)" after a question mark would read as a second request to route.
     */
    static String question(String side, String phase, int i) {
        return side + " " + phase + " " + i + ": " + QUESTIONS.get(i % QUESTIONS.size());
    }

    private static Figures measure(String side, int turns, int warmup, Turn turn) {
        List<String> conversations = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
        for (int i = 0; i < warmup; i++) {
            turn.run(conversations.get(i % conversations.size()), question(side, "warm-up", i));
        }
        double[] ms = new double[turns];
        for (int i = 0; i < turns; i++) {
            long t0 = System.nanoTime();
            turn.run(conversations.get(i % conversations.size()), question(side, "turn", i));
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new Figures(percentile(ms, 50), percentile(ms, 95), Arrays.stream(ms).average().orElse(0));
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

    private void dropBaselineTable() {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("drop table if exists " + BASELINE_TABLE);
        } catch (SQLException e) {
            out.println("maestro: could not drop " + BASELINE_TABLE + ": " + e.getMessage());
        }
    }
}
