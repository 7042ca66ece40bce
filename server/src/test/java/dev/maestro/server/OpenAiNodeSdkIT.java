package dev.maestro.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.testkit.OpenAiStub;
import dev.maestro.testkit.PostgresDatabase;
import dev.maestro.testkit.StubToolCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official OpenAI Node SDK's agent loop through Maestro, unchanged: a hand-written loop without streaming and
 * with it (the calls pieced together from their deltas), and the SDK's own streaming {@code runTools}. The program
 * runs its tool; Maestro routes and relays; the upstream model is a WireMock server in OpenAI's wire format. Needs
 * node and scripts/openai-node.sh's SDK (scripts/test.sh installs it).
 */
class OpenAiNodeSdkIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();

    static final Path SDK = Path.of(System.getProperty("maestro.openai.node", "../.openai-node")).toAbsolutePath().normalize();
    static TestServer server;

    @BeforeAll
    static void start() {
        AppConfig config = TestServer.config(db, null, Map.of(Setting.PROVIDER, "openai", Setting.OPENAI_BASE_URL, openAi.baseUrl(),
                Setting.OPENAI_API_KEY, "sk-upstream", Setting.CHAT_MODEL, OpenAiStub.MODEL));
        server = TestServer.start(config, db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"manual", "manualStream", "runTools"})
    void an_sdk_tool_loop_runs_its_tool_and_gets_the_answer(String mode) throws Exception {
        requireSdk();
        // given: the model asks for the weather until it has it, then answers
        openAi.streamTokens(List.of("It is ", "18 °C in Paris."), 30, 6)
                .callToolsFirst(List.of(new StubToolCall("call_1", "get_weather", "{\"city\": \"Paris\"}")));

        // when
        ProcessBuilder pb = new ProcessBuilder("node", Path.of("src/test/node/openai-tool-loop.mjs").toAbsolutePath().toString(),
                server.url("/v1"), mode).redirectErrorStream(true);
        pb.environment().put("OPENAI_NODE_DIR", SDK.toString());
        Process node = pb.start();
        boolean ended = node.waitFor(60, TimeUnit.SECONDS);
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        // then: the program ran its tool once, and the answer came back (streamed the same as the final text)
        assertThat(ended).as(output).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        JsonNode result = TestServer.JSON.readTree(output.lines().reduce((a, b) -> b).orElse("{}"));
        assertThat(result.get("ran").toString()).as(output).isEqualTo("[\"Paris\"]");
        assertThat(result.get("answer").asText()).isEqualTo("It is 18 °C in Paris.");
        // and: the tool's result reached the model as a tool message
        assertThat(openAi.requests().getLast().body()).contains("\"role\" : \"tool\"").contains("18 °C in Paris");
    }

    private static void requireSdk() {
        if (!Files.isDirectory(SDK.resolve("node_modules/openai"))) {
            String message = "The OpenAI Node SDK is not installed at " + SDK + "; run bash scripts/openai-node.sh (scripts/test.sh does)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
    }
}
