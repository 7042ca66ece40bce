package dev.maestro.examples.embedded;

import dev.maestro.graph.RunResult;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The example end to end: a throwaway PostgreSQL database, a fake Ollama over HTTP, the real ingestion and graph. */
class EmbeddedExampleTest {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    @Test
    void should_answer_from_the_ingested_folder_while_streaming_the_tokens() {
        ollama.streamTokens(List.of("It hands ", "over on ", "Tuesdays [1]."), 120, 6);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Map<String, String> env = Map.of(
                "MAESTRO_DB_URL", db.jdbcUrl(), "MAESTRO_DB_USER", db.user(), "MAESTRO_DB_PASSWORD", db.password(),
                "MAESTRO_OLLAMA_BASE_URL", ollama.baseUrl(), "MAESTRO_MAX_ATTEMPTS", "1");

        RunResult result = EmbeddedExample.run(env, Path.of("docs"), "What do our documents say about the on-call rotation?",
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("ingested docs: 2 new, 0 changed, 0 unchanged files")
                .contains("\nIt hands over on Tuesdays [1].\n")
                .contains("[researcher · stub-model · ");
        assertThat(result.agent()).isEqualTo("researcher");
        assertThat(result.sources()).first().asString().startsWith("[1] On-call");
        // the model was given the ingested text to answer from
        assertThat(ollama.requests()).last().satisfies(request -> assertThat(request.body()).contains("every Tuesday at 10:00"));
    }
}
