package dev.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maestro.testkit.OllamaStub;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.maestro.testkit.PostgresDatabase;
import dev.maestro.testkit.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code maestro ask} end to end: CLI → graph → WireMock Ollama over HTTP → back, with a real PostgreSQL. */
class AskCommandIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("MAESTRO_DB_URL", db.jdbcUrl());
        env.put("MAESTRO_DB_USER", db.user());
        env.put("MAESTRO_DB_PASSWORD", db.password());
        env.put("MAESTRO_OLLAMA_BASE_URL", ollama.baseUrl());
        env.put("MAESTRO_RETRY_BACKOFF", "10ms");
        env.put("MAESTRO_MEMORY_FACTS", "false"); // keeps the stub's request count to the answer itself
        env.put("MAESTRO_AGENTS_FILE", resource("agents/general-only.yaml"));
        return env;
    }

    static String resource(String name) {
        try {
            return java.nio.file.Path.of(AskCommandIT.class.getClassLoader().getResource(name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long rows(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void should_stream_the_answer_and_end_with_one_summary_line() throws Exception {
        // given
        ollama.streamTokens(List.of("Vectors ", "are ", "lists."), 21, 3);
        long runsBefore = rows("select count(*) from runs where status = 'ok'");

        // when
        CliRun run = CliRun.of(env(), "ask", "What", "is", "a", "vector?");

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("Vectors are lists.");
        assertThat(lines[1]).matches("\\[Ollama · stub-model · tokens in 21 / out 3 · \\d+ ms]");
        assertThat(ollama.requests()).hasSize(1);
        assertThat(ollama.requests().get(0).body()).contains("What is a vector?").contains("general assistant");
        assertThat(rows("select count(*) from runs where status = 'ok'")).isEqualTo(runsBefore + 1);
        assertThat(rows("select output_tokens from runs where status = 'ok' order by created_at desc limit 1")).isEqualTo(3);
    }

    @Test
    void should_route_through_the_full_graph_to_the_declared_agent() {
        // given: two declared agents with example requests; the embedding router (in-process ONNX) picks one
        Map<String, String> env = env();
        env.put("MAESTRO_AGENTS_FILE", resource("agents/general-and-coder.yaml"));
        ollama.streamTokens(List.of("def f(): pass"), 30, 5);
        // Where the embedding router abstains, the LLM classifier (a blocking call) decides.
        String classifierReply = "{\"model\":\"stub-model\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"{\\\"route\\\": \\\"coder\\\", \\\"confidence\\\": 0.9}\"},\"done_reason\":\"stop\",\"done\":true,"
                + "\"prompt_eval_count\":5,\"eval_count\":5}";
        ollama.wireMock().stubFor(WireMock.post("/api/chat").atPriority(1)
                .withRequestBody(WireMock.matchingJsonPath("$.stream", WireMock.equalTo("false")))
                .willReturn(WireMock.okJson(classifierReply)));

        // when
        CliRun run = CliRun.of(env, "ask", "write a python function that reverses a string");

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("def f(): pass\n");
        RecordedRequest answer = ollama.requests().get(ollama.requests().size() - 1);
        assertThat(answer.body()).contains("You are Maestro's coder").contains("write a python function that reverses a string");
    }

    @Test
    void should_print_one_json_object_with_json() throws Exception {
        ollama.streamTokens(List.of("4"), 9, 1);

        CliRun run = CliRun.of(env(), "ask", "--json", "2+2?");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("answer").asText()).isEqualTo("4");
        assertThat(json.get("model").asText()).isEqualTo("stub-model");
        assertThat(json.at("/usage/input_tokens").asInt()).isEqualTo(9);
        assertThat(json.at("/usage/output_tokens").asInt()).isEqualTo(1);
        assertThat(json.get("latency_ms").isNumber()).isTrue();
        assertThat(run.out().trim().lines()).hasSize(1);
    }

    @Test
    void should_give_the_route_who_decided_it_its_confidence_the_agents_and_sources_with_json() throws Exception {
        // given two agents with examples; the request is plainly code
        Map<String, String> env = env();
        env.put("MAESTRO_AGENTS_FILE", resource("agents/general-and-coder.yaml"));
        ollama.streamTokens(List.of("def f(): pass"), 30, 5);

        // when
        CliRun run = CliRun.of(env, "ask", "--json", "write a python function that sorts a list of numbers");

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("route").asText()).isEqualTo("coder");
        assertThat(json.get("decided_by").asText()).isEqualTo("embedding");
        assertThat(json.get("confidence").asDouble()).isBetween(0.5, 1.0);
        assertThat(json.get("agents")).extracting(JsonNode::asText).containsExactly("coder");
        assertThat(json.get("sources").isArray()).isTrue();
        assertThat(json.get("sources")).isEmpty();
        assertThat(ollama.requests()).hasSize(1); // no classifier call
    }

    @Test
    void should_read_the_prompt_from_stdin() {
        ollama.streamTokens(List.of("ok"), 1, 1);

        CliRun run = CliRun.of(env(), "héllo wörld".getBytes(StandardCharsets.UTF_8), "ask", "-");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(ollama.requests().get(0).body()).contains("héllo wörld");
    }

    @Test
    void should_exit_3_with_one_clear_line_when_the_provider_is_unreachable() throws Exception {
        Map<String, String> env = env();
        env.put("MAESTRO_OLLAMA_BASE_URL", "http://127.0.0.1:1");
        long failedBefore = rows("select count(*) from runs where status = 'failed'");

        CliRun run = CliRun.of(env, "ask", "hello");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err().trim().lines()).hasSize(1);
        assertThat(run.err()).startsWith("maestro: Ollama is not reachable at http://127.0.0.1:1").contains("ollama serve");
        assertThat(rows("select count(*) from runs where status = 'failed'")).isEqualTo(failedBefore + 1);
    }

    @Test
    void should_exit_3_when_the_provider_fails() {
        ollama.failWith(500, "{\"error\":\"boom\"}");

        CliRun run = CliRun.of(env(), "ask", "hello");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("HTTP 500");
        assertThat(ollama.requestCount()).isEqualTo(3);
    }

    @Test
    void should_exit_4_without_calling_the_provider_when_the_database_is_unreachable() {
        Map<String, String> env = env();
        env.put("MAESTRO_DB_URL", "jdbc:postgresql://127.0.0.1:1/maestro");
        env.put("MAESTRO_DB_PASSWORD", "s3cr3t-pw");
        ollama.streamTokens(List.of("never"), 1, 1);

        CliRun run = CliRun.of(env, "ask", "hello");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).startsWith("maestro: ").contains("127.0.0.1:1").doesNotContain("s3cr3t-pw");
        assertThat(run.out()).isEmpty();
        assertThat(ollama.requestCount()).isZero();
    }

    @Test
    void should_exit_2_on_empty_oversized_or_invalid_prompts_without_calling_anything() {
        Map<String, String> env = env();
        env.put("MAESTRO_MAX_PROMPT_CHARS", "10");

        CliRun empty = CliRun.of(env, "ask", "   ");
        CliRun none = CliRun.of(env, "ask");
        CliRun oversized = CliRun.of(env, "ask", "this prompt is too long");
        CliRun invalidUtf8 = CliRun.of(env, new byte[] {'h', (byte) 0xC3, (byte) 0x28}, "ask", "-");
        CliRun replacement = CliRun.of(env, "ask", "bad\uFFFD");

        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("The prompt is empty");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("No prompt given");
        assertThat(oversized.exitCode()).isEqualTo(2);
        assertThat(oversized.err()).contains("23 characters, more than the limit of 10").contains("MAESTRO_MAX_PROMPT_CHARS");
        assertThat(invalidUtf8.exitCode()).isEqualTo(2);
        assertThat(invalidUtf8.err()).contains("not valid UTF-8");
        assertThat(replacement.exitCode()).isEqualTo(2);
        assertThat(ollama.requestCount()).isZero();
    }

    @Test
    void should_exit_2_on_bad_configuration() {
        Map<String, String> env = env();
        env.put("MAESTRO_PROVIDR", "openai");

        CliRun run = CliRun.of(env, "ask", "hi");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown environment variable(s) [MAESTRO_PROVIDR]");
    }
}
