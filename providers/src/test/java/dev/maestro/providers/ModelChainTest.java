package dev.maestro.providers;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.maestro.core.ProviderException;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.EndpointSettings;
import dev.maestro.core.config.Provider;
import dev.maestro.core.config.Setting;
import dev.maestro.testkit.RecordedRequest;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.OpenAiStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fallback chains and circuit breakers over real HTTP: an OpenAI-compatible primary (WireMock, or a socket that
 * breaks mid-stream) falling back to an Ollama model (WireMock), each failure kind the way providers fail.
 */
class ModelChainTest {

    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();
    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    private final MutableClock clock = new MutableClock();

    /** openai:gpt-4o-mini at {@code primaryUrl} first, then chat.fallback's ollama:llama3.2 on the Ollama stub; one attempt each. */
    private AppConfig config(String primaryUrl, Map<Setting, String> extra) {
        Map<Setting, String> s = new EnumMap<>(Setting.class);
        s.put(Setting.OLLAMA_BASE_URL, ollama.baseUrl());
        s.put(Setting.CHAT_FALLBACK, "ollama:llama3.2");
        s.put(Setting.MAX_ATTEMPTS, "1");
        s.put(Setting.READ_TIMEOUT, "1s");
        s.putAll(extra);
        return ProviderFixtures.config(Provider.OPENAI, primaryUrl, s);
    }

    private ModelChain chain(AppConfig config, ModelHealth health) {
        return Providers.streamingChain(config, List.of(ModelRef.configured(config)), health);
    }

    private ModelHealth health(int window) {
        return new ModelHealth(new ModelHealth.BreakerSettings(50, Duration.ofSeconds(60), 100, window, window, Duration.ofSeconds(30)), clock);
    }

    @Test
    void should_answer_from_the_fallback_when_the_primary_refuses_connections() throws IOException {
        // given
        ollama.streamTokens(List.of("from ", "ollama"), 5, 2);
        ModelHealth health = health(10);
        ModelChain chain = chain(config("http://127.0.0.1:" + freePort() + "/v1", Map.of()), health);
        assertThat(chain.names()).containsExactly("openai:gpt-4o-mini", "ollama:llama3.2");

        // when
        ProviderFixtures.Streamed streamed = ProviderFixtures.stream(chain, "Hi");

        // then: the fallback's answer, named as its model; the primary's failure counted
        assertThat(String.join("", streamed.tokens)).isEqualTo("from ollama");
        assertThat(streamed.response().modelName()).isNotBlank();
        ModelHealth.Status primary = status(health, "openai:gpt-4o-mini");
        assertThat(primary.failures()).isEqualTo(1);
        assertThat(primary.fallbacks()).isEqualTo(1);
        assertThat(primary.lastError()).contains("127.0.0.1");
        assertThat(status(health, "ollama:llama3.2").calls()).isEqualTo(1);
    }

    @Test
    void should_fall_back_on_500_429_and_slow_headers_but_not_on_a_bad_request() {
        ollama.streamTokens(List.of("fallback"), 5, 1);
        String primary = openAi.baseUrl();
        // a 500
        openAi.failWith(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
        assertThat(String.join("", ProviderFixtures.stream(chain(config(primary, Map.of()), health(10)), "Hi").tokens)).isEqualTo("fallback");
        // a 429 with Retry-After, after the configured attempts
        openAi.reset();
        openAi.failWith(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}", Map.of("Retry-After", "1"));
        assertThat(String.join("", ProviderFixtures.stream(chain(config(primary, Map.of()), health(10)), "Hi").tokens)).isEqualTo("fallback");
        // headers slower than the read timeout
        openAi.reset();
        openAi.streamTokens(List.of("too late"), 1, 1).delay(Duration.ofMillis(2500));
        assertThat(String.join("", ProviderFixtures.stream(chain(config(primary, Map.of()), health(10)), "Hi").tokens)).isEqualTo("fallback");
        // a 400 would fail on the next model too: it is the caller's to fix
        openAi.reset();
        ollama.reset();
        openAi.failWith(400, "{\"error\":{\"message\":\"bad request\",\"type\":\"invalid_request_error\"}}");
        Throwable error = ProviderFixtures.stream(chain(config(primary, Map.of()), health(10)), "Hi").error();
        assertThat(error).isInstanceOf(ProviderException.class);
        assertThat(ollama.requestCount()).isZero();
    }

    @Test
    void should_fail_cleanly_when_the_stream_breaks_after_the_first_token() throws IOException {
        // given: the primary sends one token, then resets the connection
        ollama.streamTokens(List.of("spliced"), 5, 1);
        String firstEvent = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";
        try (BrokenStreamServer broken = BrokenStreamServer.start(firstEvent, "text/event-stream")) {
            // when
            ProviderFixtures.Streamed streamed = ProviderFixtures.stream(chain(config(broken.baseUrl() + "/v1", Map.of()), health(10)), "Hi");

            // then: the caller has the one token and an error; the fallback was never asked (no spliced text)
            assertThat(streamed.tokens).containsExactly("Hel");
            assertThat(streamed.error()).isInstanceOf(ProviderException.class);
            assertThat(ollama.requestCount()).isZero();
        }
    }

    @Test
    void should_fall_back_when_the_stream_breaks_before_the_first_token() throws IOException {
        ollama.streamTokens(List.of("whole ", "answer"), 5, 2);
        String roleOnly = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}\n\n";
        try (BrokenStreamServer broken = BrokenStreamServer.start(roleOnly, "text/event-stream")) {
            ProviderFixtures.Streamed streamed = ProviderFixtures.stream(chain(config(broken.baseUrl() + "/v1", Map.of()), health(10)), "Hi");

            assertThat(String.join("", streamed.tokens)).isEqualTo("whole answer");
            assertThat(broken.connections()).isEqualTo(1);
        }
    }

    @Test
    void should_open_the_breaker_skip_the_dead_model_then_probe_and_close_it() {
        // given: breakers judge 4 calls; the primary fails every call
        ollama.streamTokens(List.of("fallback"), 5, 1);
        openAi.failWith(500, "{\"error\":{\"message\":\"down\",\"type\":\"server_error\"}}");
        ModelHealth health = health(4);
        ModelChain chain = chain(config(openAi.baseUrl(), Map.of()), health);

        // when: four failures open it
        for (int i = 0; i < 4; i++) {
            assertThat(String.join("", ProviderFixtures.stream(chain, "Hi " + i).tokens)).isEqualTo("fallback");
        }
        assertThat(status(health, "openai:gpt-4o-mini").state()).isEqualTo("OPEN");
        int primaryRequests = openAi.requestCount();

        // then: while open, the primary gets no request at all and the fallback answers at once
        for (int i = 0; i < 3; i++) {
            assertThat(String.join("", ProviderFixtures.stream(chain, "open " + i).tokens)).isEqualTo("fallback");
        }
        assertThat(openAi.requestCount()).isEqualTo(primaryRequests);
        assertThat(status(health, "openai:gpt-4o-mini").skipped()).isEqualTo(3);

        // and: after its wait, one probe reaches the primary, which is healthy again, and the breaker closes
        openAi.reset();
        openAi.streamTokens(List.of("primary ", "is back"), 5, 2);
        clock.advance(Duration.ofSeconds(31));
        assertThat(String.join("", ProviderFixtures.stream(chain, "probe").tokens)).isEqualTo("primary is back");
        assertThat(openAi.requestCount()).isEqualTo(1);
        assertThat(status(health, "openai:gpt-4o-mini").state()).isEqualTo("CLOSED");
    }

    @Test
    void should_say_what_failed_when_no_model_of_the_chain_can_answer() {
        openAi.failWith(500, "{\"error\":{\"message\":\"down\",\"type\":\"server_error\"}}");
        ollama.failWith(503, "{\"error\":\"overloaded\"}");
        ModelHealth health = health(2);
        ModelChain chain = chain(config(openAi.baseUrl(), Map.of()), health);
        ProviderFixtures.stream(chain, "1");
        ProviderFixtures.stream(chain, "2");

        // both breakers open now: the call fails at once, naming both models and when they are probed again
        Throwable error = ProviderFixtures.stream(chain, "3").error();

        assertThat(error).isInstanceOf(ProviderException.class)
                .hasMessageContaining("openai:gpt-4o-mini (circuit open)")
                .hasMessageContaining("ollama:llama3.2 (circuit open)");
        assertThat(((ProviderException) error).retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void the_blocking_chain_falls_back_too() throws IOException {
        ollama.replyWith("blocking fallback", 3, 2);
        AppConfig config = config("http://127.0.0.1:" + freePort() + "/v1", Map.of());
        ChatModelChain chain = Providers.chatChain(config, List.of(ModelRef.configured(config)), health(10));

        ChatResponse r = chain.chat(UserMessage.from("Hi"));

        assertThat(r.aiMessage().text()).isEqualTo("blocking fallback");
        assertThatThrownBy(() -> Providers.chatChain(config(openAi.baseUrl(), Map.of(Setting.CHAT_FALLBACK, "ollama:")),
                List.of(ModelRef.configured(config)), health(10)))
                .hasMessageContaining("chat.fallback names 'ollama:' without a model");
    }

    @Test
    void model_references_name_their_provider_or_default_to_the_configured_one() {
        AppConfig config = config(openAi.baseUrl(), Map.of());
        assertThat(ModelRef.parse("ollama:llama3.2:3b", config, "x")).isEqualTo(new ModelRef(Provider.OLLAMA, "llama3.2:3b"));
        assertThat(ModelRef.parse("gpt-4.1", config, "x")).isEqualTo(new ModelRef(Provider.OPENAI, "gpt-4.1"));
        assertThat(ModelRef.parseList(" openai:a , ollama:b ,", config, "x")).extracting(ModelRef::toString).containsExactly("openai:a", "ollama:b");
        assertThat(Providers.withFallbacks(config(openAi.baseUrl(), Map.of(Setting.CHAT_FALLBACK, "openai:gpt-4o-mini, ollama:llama3.2")),
                List.of(ModelRef.configured(config)))).extracting(ModelRef::toString)
                .as("the agent's own model is not repeated").containsExactly("openai:gpt-4o-mini", "ollama:llama3.2");
    }

    @Test
    void a_named_endpoint_serves_its_models_with_its_own_key() throws IOException {
        // given: the primary refuses connections; chat.fallback names a model of the declared endpoint "vllm"
        openAi.streamTokens(List.of("from ", "vllm"), 4, 2);
        AppConfig base = config("http://127.0.0.1:" + freePort() + "/v1", Map.of(Setting.CHAT_FALLBACK, "vllm:llama-3.1-8b"));
        AppConfig config = base.withEndpoints(List.of(new EndpointSettings("vllm", Provider.OPENAI, openAi.baseUrl(), "vk-endpoint-key")));
        ModelHealth health = health(10);
        ModelChain chain = chain(config, health);
        assertThat(chain.names()).containsExactly("openai:gpt-4o-mini", "vllm:llama-3.1-8b");

        // when
        ProviderFixtures.Streamed streamed = ProviderFixtures.stream(chain, "Hi");

        // then: the endpoint answered, with its key and model; its breaker is its own
        assertThat(String.join("", streamed.tokens)).isEqualTo("from vllm");
        RecordedRequest sent = openAi.requests().get(0);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer vk-endpoint-key");
        assertThat(sent.body()).containsPattern("\"model\"\\s*:\\s*\"llama-3.1-8b\"");
        assertThat(status(health, "vllm:llama-3.1-8b").calls()).isEqualTo(1);
        assertThat(ModelRef.parse("vllm:x", config, "x")).isEqualTo(new ModelRef(Provider.OPENAI, "x", "vllm"));
        assertThat(ModelRef.parse("other:x", config, "x")).as("an undeclared prefix is part of the bare name (Ollama tags)")
                .isEqualTo(new ModelRef(Provider.OPENAI, "other:x"));
    }

    private static ModelHealth.Status status(ModelHealth health, String model) {
        return health.snapshot().stream().filter(s -> s.model().equals(model)).findFirst().orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A clock the test moves, so a breaker's wait passes without waiting. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T12:00:00Z"));

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
