package dev.maestro;

import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.maestro.agents.AgentSpec;
import dev.maestro.core.ConfigException;
import dev.maestro.core.DatabaseException;
import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunResult;
import dev.maestro.memory.StoredMessage;
import dev.maestro.rag.ingest.IngestReport;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.OpenAiStub;
import dev.maestro.testkit.PostgresDatabase;
import dev.maestro.testkit.StubToolCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The public API as a program uses it: real PostgreSQL, providers over HTTP in their own wire formats. */
class MaestroApiIT {

    /** No pgvector extension and no schema yet: Maestro must set up the application's database itself. */
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.empty();
    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();
    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    @TempDir
    Path dir;

    @Test
    void should_stream_a_turn_from_an_openai_compatible_server_and_remember_it_on_the_applications_pool() throws Exception {
        // given
        openAi.streamTokens(List.of("Vectors ", "are ", "lists."), 12, 3);

        // when
        RunResult result;
        List<RunEvent> events;
        try (Maestro maestro = Maestro.builder().set("provider", "openai").set("openai.base-url", openAi.baseUrl())
                .set("openai.api-key", "sk-test").set("chat.model", OpenAiStub.MODEL).dataSource(db.dataSource())
                .backgroundMemory(false).setupLog(null).build()) {
            ChatRun run = maestro.chat(ChatRequest.builder().conversationId("api-1").message("What is a vector?").build());
            events = run.events().toList();
            result = run.await();

            // then: the events tell the whole run, in order, and the result is the streamed answer
            assertThat(events.get(0).type()).isEqualTo(RunEvent.Type.RUN_STARTED);
            assertThat(events.get(events.size() - 1).type()).isEqualTo(RunEvent.Type.RUN_FINISHED);
            assertThat(events.stream().filter(e -> e.type() == RunEvent.Type.TOKEN).map(e -> e.text("text")))
                    .containsExactly("Vectors ", "are ", "lists.");
            assertThat(result.answer()).isEqualTo("Vectors are lists.");
            assertThat(result.inputTokens()).isEqualTo(12);
            assertThat(result.outputTokens()).isEqualTo(3);
            assertThat(maestro.memory().history("api-1")).extracting(StoredMessage::role, StoredMessage::content)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("user", "What is a vector?"),
                            org.assertj.core.groups.Tuple.tuple("assistant", "Vectors are lists."));
            // (a classifier call may precede it when the embedding router abstains: that one does not stream)
            assertThat(openAi.requests()).filteredOn(r -> r.body().replace(" ", "").contains("\"stream\":true"))
                    .singleElement().satisfies(r -> assertThat(r.body()).contains("What is a vector?"));
        }

        // and: the pool is the application's, still open, with pgvector and Maestro's schema in it
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select (select count(*) from pg_extension where extname = 'vector'),"
                     + " (select count(*) from messages where content in ('What is a vector?', 'Vectors are lists.'))")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getInt(2)).isEqualTo(2);
        }
    }

    @Test
    void should_run_any_langchain4j_streaming_model_and_ingest_into_the_default_collection() throws IOException {
        // given: the application's own LangChain4j model, and a folder of notes
        ollama.streamTokens(List.of("From ", "your ", "notes."), 20, 3);
        OllamaStreamingChatModel model = OllamaStreamingChatModel.builder().baseUrl(ollama.baseUrl()).modelName(OllamaStub.MODEL).build();
        Files.writeString(dir.resolve("hnsw.md"), "# HNSW\n\nHNSW is a graph index for approximate nearest neighbour search.\n");

        try (Maestro maestro = Maestro.builder().streamingChatModel(model).dataSource(db.dataSource()).backgroundMemory(false)
                .setupLog(null).build()) {
            // when
            IngestReport first = maestro.ingest(IngestRequest.of(dir));
            IngestReport second = maestro.ingest(IngestRequest.of(dir));
            RunResult answer = maestro.run(ChatRequest.of("What do my notes say about HNSW?"));

            // then
            assertThat(first.added()).isEqualTo(1);
            assertThat(first.chunks()).isPositive();
            assertThat(second.added()).isZero();
            assertThat(second.unchanged()).isEqualTo(1);
            assertThat(answer.answer()).isEqualTo("From your notes.");
            assertThat(ollama.requests()).hasSize(1);
            assertThat(ollama.requests().get(0).url()).isEqualTo("/api/chat");
        }
    }

    @Test
    void should_cancel_a_run_whose_model_is_slow() throws Exception {
        // given: a model that takes 10 s to answer
        ollama.replyWith("late", 1, 1).delay(Duration.ofSeconds(10));
        OllamaStreamingChatModel model = OllamaStreamingChatModel.builder().baseUrl(ollama.baseUrl()).modelName(OllamaStub.MODEL)
                .timeout(Duration.ofSeconds(30)).build();
        try (Maestro maestro = Maestro.builder().streamingChatModel(model).dataSource(db.dataSource()).backgroundMemory(false)
                .setupLog(null).build()) {
            ChatRun run = maestro.chat(ChatRequest.of("hello?"));
            while (ollama.requestCount() == 0) {
                Thread.sleep(10);
            }

            // when
            run.cancel();

            // then: the handle says so, and its event stream ends
            assertThat(run.result().isCancelled()).isTrue();
            assertThatThrownBy(run::await).isInstanceOf(CancellationException.class);
            assertThat(run.events().anyMatch(e -> e.type() == RunEvent.Type.TOKEN)).isFalse();
            assertThat(run.result().handle((r, t) -> t).get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void should_let_an_agent_declared_in_code_call_the_calculator_over_the_openai_wire_format() {
        // given: the model asks for the calculator first, then answers with what it returned (the later stub wins)
        openAi.streamTokens(List.of("It is ", "42."), 30, 4)
                .callToolsFirst(List.of(new StubToolCall("call_1", "calculator", "{\"expression\": \"6 * 7\"}")));
        AgentSpec math = new AgentSpec("math", AgentSpec.Role.ANSWER, "Arithmetic.", "general.system", "", "", false,
                List.of("calculator"), List.of(), false);

        try (Maestro maestro = Maestro.builder().set("provider", "openai").set("openai.base-url", openAi.baseUrl())
                .set("openai.api-key", "sk-test").set("chat.model", OpenAiStub.MODEL).agent(math).dataSource(db.dataSource())
                .backgroundMemory(false).setupLog(null).build()) {
            // when
            ChatRun run = maestro.chat(ChatRequest.of("What is six times seven?"));
            List<RunEvent> events = run.events().toList();
            RunResult result = run.await();

            // then: one call, its result back to the model as a tool message, and the model's answer
            assertThat(result.answer()).isEqualTo("It is 42.");
            assertThat(events).filteredOn(e -> e.type() == RunEvent.Type.TOOL_RESULT).singleElement()
                    .satisfies(e -> {
                        assertThat(e.text("tool")).isEqualTo("calculator");
                        assertThat(e.data().get("ok")).isEqualTo(true);
                    });
            List<String> streamed = openAi.requests().stream().map(r -> r.body())
                    .filter(b -> b.replace(" ", "").contains("\"stream\":true")).toList();
            assertThat(streamed).hasSize(2);
            assertThat(streamed.get(0)).contains("\"calculator\"");
            assertThat(streamed.get(1)).contains("\"tool\"").contains("42");
        }
    }

    @Test
    void should_reject_an_unknown_setting_naming_the_valid_ones() {
        assertThatThrownBy(() -> Maestro.builder().set("chat.modle", "llama3.2").dataSource(db.dataSource()).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("chat.modle")
                .hasMessageContaining("chat.model");
    }

    @Test
    void should_say_what_to_do_when_the_database_is_unreachable() {
        assertThatThrownBy(() -> Maestro.builder().jdbcUrl("jdbc:postgresql://127.0.0.1:1/maestro").setupLog(null).build())
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("127.0.0.1:1");
    }
}
