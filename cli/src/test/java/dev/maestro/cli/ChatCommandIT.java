package dev.maestro.cli;

import dev.maestro.IngestRequest;
import dev.maestro.Maestro;
import dev.maestro.rag.PolicyStore;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.rag.adaptive.QueryFeatures;
import dev.maestro.rag.adaptive.ThompsonBandit;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat REPL driven through standard input, against a WireMock Ollama and a real PostgreSQL. */
class ChatCommandIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    @TempDir
    Path dir;

    private Map<String, String> env(String agentsFile) {
        Map<String, String> env = new HashMap<>();
        env.put("MAESTRO_DB_URL", db.jdbcUrl());
        env.put("MAESTRO_DB_USER", db.user());
        env.put("MAESTRO_DB_PASSWORD", db.password());
        env.put("MAESTRO_OLLAMA_BASE_URL", ollama.baseUrl());
        env.put("MAESTRO_RETRY_BACKOFF", "10ms");
        env.put("MAESTRO_MEMORY_FACTS", "false"); // keeps the stub's request count to the answer itself
        env.put("MAESTRO_MAX_ATTEMPTS", "1");
        env.put("MAESTRO_AGENTS_FILE", agentsFile);
        return env;
    }

    private static CliRun chat(Map<String, String> env, String input) {
        return CliRun.of(env, input.getBytes(StandardCharsets.UTF_8), "chat");
    }

    @Test
    void should_answer_stream_a_compact_line_and_handle_slash_commands() {
        // given
        ollama.streamTokens(List.of("Hi ", "there."), 12, 2);

        // when
        CliRun run = chat(env(AskCommandIT.resource("agents/general-only.yaml")), """
                hello\\
                over two lines
                /history
                /sources
                /memory
                /nope
                /help
                /new
                /history
                /quit
                """);

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Hi there.\n[route general (default) · agents general · Ollama stub-model · tokens 12/2 · ");
        assertThat(run.out()).contains("you> hello\nover two lines\nmaestro> Hi there.");
        assertThat(run.out()).contains("(the last answer cited no sources)");
        assertThat(run.out()).containsPattern("memory for this turn: \\d+ of 1500 tokens").contains("Recent conversation:\nuser: hello\nover two lines\nassistant: Hi there.");
        assertThat(run.out()).contains("maestro: unknown command /nope; /help lists the commands");
        assertThat(run.out()).contains("/approve          run the agent waiting for approval");
        assertThat(run.out()).contains("New conversation ").contains("(no turns yet in this conversation)");
        assertThat(ollama.requests()).hasSize(1);
        assertThat(ollama.requests().get(0).body()).contains("hello\\nover two lines");
    }

    @Test
    void should_stay_usable_after_a_provider_failure() {
        // given: the provider fails once, then answers
        ollama.failFirst(1, 500, "{\"error\":\"model crashed\"}", Map.of()).streamTokens(List.of("ok"), 1, 1);

        // when
        CliRun run = chat(env(AskCommandIT.resource("agents/general-only.yaml")), "first\nsecond\n");

        // then
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("maestro: ").contains("HTTP 500");
        assertThat(run.out()).contains("ok\n[route general (default) · agents general");
    }

    @Test
    void should_wait_for_approval_of_a_supervised_agent() throws IOException {
        // given
        Path agents = dir.resolve("agents.yaml");
        Files.writeString(agents, """
                agents:
                  - name: general
                    prompt: general.system
                    supervised: true
                """);
        ollama.streamTokens(List.of("done"), 1, 1);

        // when
        CliRun run = chat(env(agents.toString()), "delete the logs\n/approve\n/approve\n");

        // then
        assertThat(run.out()).contains("[waiting for approval: the general agent is supervised");
        assertThat(run.out()).contains("done\n[route general · agents general");
        assertThat(run.out()).contains("(nothing is waiting for approval)");
        assertThat(ollama.requests()).hasSize(1);
    }

    @Test
    void should_answer_from_ingested_sources_and_turn_good_into_retrieval_feedback() throws IOException {
        // given: one document in the default collection and a researcher that reads it
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("hnsw.md"), "# HNSW\n\nHNSW is a graph index for approximate nearest neighbour search in pgvector.\n");
        Path agents = dir.resolve("researcher.yaml");
        Files.writeString(agents, """
                agents:
                  - name: researcher
                    prompt: researcher.system
                    tools: [retrieval]
                """);
        Map<String, String> env = env(agents.toString());
        CliRun ingest = CliRun.of(env, "ingest", docs.toString());
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();
        ollama.streamTokens(List.of("HNSW is a graph index [1]."), 50, 8);

        // when
        CliRun run = chat(env, "what is HNSW?\n/sources\n/good\n");

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(ollama.requests()).as(run.out() + run.err()).hasSize(1);
        assertThat(ollama.requests().get(0).body()).contains("<source id=\\\"1\\\">").contains("graph index for approximate nearest neighbour");
        assertThat(run.out()).contains("1 sources via hybrid (/sources)").containsPattern("\\[1] HNSW · chunk \\d+");
        assertThat(run.out()).containsPattern("Recorded 👍 as retrieval feedback #\\d+ \\(1 sources shown, 1 cited\\)");
        assertThat(feedbackStrategies()).containsExactly("hybrid");

        // and when feedback has made a policy active that prefers keyword search for this collection
        RagStore store = RagStore.create(db.dataSource());
        RagCollection docsCollection = store.find(IngestRequest.DEFAULT_COLLECTION).orElseThrow();
        ThompsonBandit prefersKeyword = ThompsonBandit.create(Maestro.ADAPTIVE_STRATEGIES, QueryFeatures.dimension());
        double[] features = QueryFeatures.of("what is HNSW?", store.termStatistics(docsCollection, "what is HNSW?"));
        for (int i = 0; i < 300; i++) {
            for (String arm : Maestro.ADAPTIVE_STRATEGIES) {
                prefersKeyword.update(arm, features, arm.equals("keyword") ? 1 : 0);
            }
        }
        new PolicyStore(store).save(docsCollection, PolicyStore.Kind.BANDIT, prefersKeyword.toJson(), true, null, null);
        ollama.streamTokens(List.of("HNSW is a graph index [1]."), 50, 8);
        CliRun adaptive = chat(env, "what is HNSW?\n/good\n");

        // then the researcher retrieves adaptively, says which strategy it chose, and feedback is credited to it
        assertThat(adaptive.exitCode()).as(adaptive.err()).isZero();
        assertThat(adaptive.out()).contains("1 sources via keyword (/sources)");
        assertThat(feedbackStrategies()).containsExactly("hybrid", "keyword");
    }

    private static List<String> feedbackStrategies() {
        List<String> out = new java.util.ArrayList<>();
        try (var c = db.dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("select strategy from rag_feedback order by id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
