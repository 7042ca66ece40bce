package dev.maestro.cli;

import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.OpenAiStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code maestro providers} against fake OpenAI and Ollama servers that list their models. */
class ProvidersCommandTest {

    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();
    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    private static Map<String, String> env(String openAiUrl, String fallback) {
        Map<String, String> env = new HashMap<>();
        env.put("MAESTRO_PROVIDER", "openai");
        env.put("MAESTRO_OPENAI_BASE_URL", openAiUrl);
        env.put("OPENAI_API_KEY", "sk-test-SECRET-42");
        env.put("MAESTRO_CHAT_MODEL", "gpt-4o-mini");
        env.put("MAESTRO_OLLAMA_BASE_URL", ollama.baseUrl());
        env.put("MAESTRO_CHAT_FALLBACK", fallback);
        return env;
    }

    @Test
    void should_show_each_model_of_the_chain_and_whether_its_endpoint_serves_it() {
        openAi.models("gpt-4o-mini", "gpt-4.1");
        ollama.tags("llama3.2:latest");

        CliRun run = CliRun.of(env(openAi.baseUrl(), "ollama:llama3.2, ollama:qwen3"), "providers");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("circuit breakers: open at 50% failures among the last 10 calls");
        assertThat(run.out()).containsPattern("1\\. openai:gpt-4o-mini +ok .*serves gpt-4o-mini");
        assertThat(run.out()).containsPattern("2\\. ollama:llama3.2 +ok ");
        assertThat(run.out()).containsPattern("3\\. ollama:qwen3 +WARNING .*does not list qwen3 \\(ollama pull qwen3\\)");
        assertThat(run.out() + run.err()).doesNotContain("SECRET");
    }

    @Test
    void should_exit_3_when_no_model_of_a_chain_answers() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }

        CliRun run = CliRun.of(env("http://127.0.0.1:" + dead + "/v1", ""), "providers");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.PROVIDER);
        assertThat(run.out()).containsPattern("1\\. openai:gpt-4o-mini +DOWN .*unreachable");
    }
}
