package dev.maestro;

import dev.maestro.agents.AgentSpec;
import dev.maestro.graph.RunResult;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Fallback chains through the whole runtime: a dead OpenAI-compatible primary, an Ollama fallback (WireMock), real PostgreSQL. */
class ModelFallbackIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    private Maestro.Builder maestro(String deadUrl) {
        return Maestro.builder().set("provider", "openai").set("openai.base-url", deadUrl).set("openai.api-key", "sk-test")
                .set("chat.model", "gpt-4o-mini").set("ollama.base-url", ollama.baseUrl()).set("provider.max-attempts", "1")
                .set("memory.facts", "false").dataSource(db.dataSource()).backgroundMemory(false).setupLog(null);
    }

    @Test
    void a_turn_is_answered_by_chat_fallback_when_the_configured_model_is_down() throws IOException {
        // given
        ollama.streamTokens(List.of("Answered ", "by Ollama."), 8, 3);
        try (Maestro m = maestro("http://127.0.0.1:" + freePort() + "/v1").set("chat.fallback", "ollama:" + OllamaStub.MODEL).build()) {
            // when
            RunResult r = m.chat(ChatRequest.of("hello there")).await();

            // then: the answer, the model that gave it, and the primary's failure in the health figures
            assertThat(r.answer()).isEqualTo("Answered by Ollama.");
            assertThat(r.model()).isEqualTo(OllamaStub.MODEL);
            ModelStatus primary = m.modelHealth().stream().filter(s -> s.model().equals("openai:gpt-4o-mini")).findFirst().orElseThrow();
            assertThat(primary.failures()).isGreaterThanOrEqualTo(1);
            assertThat(primary.fallbacks()).isEqualTo(primary.failures());
            assertThat(m.modelHealth()).extracting(ModelStatus::model).contains("ollama:" + OllamaStub.MODEL);
        }
    }

    @Test
    void an_agent_falls_back_to_its_own_fallback_model() throws IOException {
        ollama.streamTokens(List.of("From the agent's fallback."), 8, 3);
        AgentSpec agent = new AgentSpec("helper", AgentSpec.Role.ANSWER, "Helps.", "general.system", "openai:gpt-4.1", "", false,
                List.of(), List.of(), false, List.of("ollama:" + OllamaStub.MODEL));
        try (Maestro m = maestro("http://127.0.0.1:" + freePort() + "/v1").agent(agent).build()) {
            RunResult r = m.chat(ChatRequest.of("help me")).await();

            assertThat(r.answer()).isEqualTo("From the agent's fallback.");
            assertThat(r.agent()).isEqualTo("helper");
            assertThat(Maestro.modelChains(m.config())).containsKey("default");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
