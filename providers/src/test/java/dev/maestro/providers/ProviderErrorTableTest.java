package dev.maestro.providers;

import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Provider;
import dev.maestro.core.config.Setting;
import dev.maestro.core.ProviderException;
import dev.maestro.core.ProviderException.Kind;
import dev.maestro.testkit.ModelServerStub;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.OpenAiStub;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.maestro.providers.ProviderFixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every way a provider call can fail, for both providers, blocking and streaming: the exception that reaches
 * the caller is our {@link ProviderException}, with the right kind, status, attempts (counted by the stub)
 * and a message that says what to do, and never the API key.
 */
class ProviderErrorTableTest {

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();

    enum Mode { BLOCKING, STREAMING }

    /** One failure: how the stub fails, then what the caller must see. */
    enum Case {
        BAD_REQUEST(s -> s.failWith(400, errorBody(s, "temperature must be <= 2")), Kind.BAD_REQUEST, 400, 1,
                p -> "rejected the request (HTTP 400: temperature must be <= 2)"),
        UNAUTHORIZED(s -> s.failWith(401, errorBody(s, "Incorrect API key provided: " + SECRET)), Kind.AUTHENTICATION, 401, 1,
                p -> p == Provider.OPENAI ? "rejected the API key (HTTP 401: Incorrect API key provided: ****) — check OPENAI_API_KEY"
                        : "refused access (HTTP 401"),
        MODEL_NOT_FOUND(s -> s.failWith(404, errorBody(s, "model \"x\" not found, try pulling it first")), Kind.MODEL_NOT_FOUND, 404, 1,
                p -> p == Provider.OLLAMA ? "has no model 'llama3.2' (HTTP 404: model \"x\" not found, try pulling it first)"
                        + " — run `ollama pull llama3.2` or set MAESTRO_CHAT_MODEL"
                        : "has no model 'gpt-4o-mini' (HTTP 404"),
        RATE_LIMITED(s -> s.failWith(429, errorBody(s, "slow down"), Map.of("Retry-After", "1")), Kind.RATE_LIMITED, 429, 3,
                p -> "is rate limiting (HTTP 429: slow down) after 3 attempts — wait and retry, or lower concurrency"),
        INTERNAL_ERROR(s -> s.failWith(500, errorBody(s, "boom")), Kind.SERVER_ERROR, 500, 3,
                p -> "failed (HTTP 500: boom) after 3 attempts"),
        UNAVAILABLE(s -> s.failWith(503, "<html>Service Unavailable</html>"), Kind.SERVER_ERROR, 503, 3,
                p -> "failed (HTTP 503: <html>Service Unavailable</html>) after 3 attempts"),
        CONNECTION_RESET(ModelServerStub::dropConnection, Kind.UNREACHABLE, 0, 3,
                p -> "closed the connection"),
        // any answer will do, as long as it comes after the 300 ms read timeout
        READ_TIMEOUT(s -> s.delay(Duration.ofMillis(1500)).failWith(200, "{}"), Kind.TIMEOUT, 0, 3,
                p -> "did not answer within 300ms after 3 attempts — raise MAESTRO_READ_TIMEOUT or use a smaller model");

        final Consumer<ModelServerStub<?>> setUp;
        final Kind kind;
        final int status;
        final int attempts;
        final Function<Provider, String> fragment;

        Case(Consumer<ModelServerStub<?>> setUp, Kind kind, int status, int attempts,
             Function<Provider, String> fragment) {
            this.setUp = setUp;
            this.kind = kind;
            this.status = status;
            this.attempts = attempts;
            this.fragment = fragment;
        }
    }

    static Stream<Arguments> table() {
        return Arrays.stream(Case.values()).flatMap(c -> Stream.of(Provider.values()).flatMap(p ->
                Stream.of(Mode.values()).map(m -> Arguments.of(c, p, m))));
    }

    @ParameterizedTest(name = "{1} {2} {0}")
    @MethodSource("table")
    void should_map_failure_to_provider_exception(Case failure, Provider provider, Mode mode) {
        // given
        ModelServerStub<?> stub = provider == Provider.OLLAMA ? ollama : openAi;
        failure.setUp.accept(stub);
        AppConfig config = ProviderFixtures.config(provider, stub.baseUrl(),
                failure == Case.READ_TIMEOUT ? Map.of(Setting.READ_TIMEOUT, "300ms") : Map.of());
        long start = System.nanoTime();

        // when
        Throwable thrown = mode == Mode.BLOCKING
                ? catchThrowable(() -> Providers.chatModel(config).chat("Hello"))
                : ProviderFixtures.stream(Providers.streamingChatModel(config), "Hello").error();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // then
        assertThat(thrown).isExactlyInstanceOf(ProviderException.class);
        ProviderException e = (ProviderException) thrown;
        assertThat(e.kind()).isEqualTo(failure.kind);
        assertThat(e.statusCode()).isEqualTo(failure.status);
        assertThat(e.attempts()).isEqualTo(failure.attempts);
        assertThat(stub.requestCount()).as("requests the server received").isEqualTo(failure.attempts);
        assertThat(e.getMessage())
                .contains(failure.fragment.apply(provider))
                .contains(stub.baseUrl());
        assertThat(ProviderFixtures.fullText(e)).doesNotContain(SECRET).doesNotContain("SECRET123");
        if (failure == Case.RATE_LIMITED) {
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
            // Retry-After: 1 before each of the 2 retries, instead of the 10 ms backoff
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(1800));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void should_send_the_key_but_never_show_it(Provider provider) {
        // given
        ModelServerStub<?> stub = provider == Provider.OLLAMA ? ollama : openAi;
        stub.failWith(401, errorBody(stub, "key " + SECRET + " is wrong; Bearer " + SECRET));
        AppConfig config = ProviderFixtures.config(provider, stub.baseUrl());

        // when
        Throwable thrown = catchThrowable(() -> Providers.chatModel(config).chat("Hello"));

        // then
        assertThat(ProviderFixtures.fullText(thrown)).doesNotContain("SECRET123");
        assertThat(thrown.getMessage()).contains("****");
        if (provider == Provider.OPENAI) {
            assertThat(stub.requests().getFirst().header("Authorization")).isEqualTo("Bearer " + SECRET);
        }
        assertThat(config.toString()).doesNotContain("SECRET123");
        assertThat(Providers.httpClientBuilder(config, ModelPurpose.CHAT).build().toString()).doesNotContain("SECRET123");
    }

    static List<Provider> providers() {
        return List.of(Provider.values());
    }

    /** The provider's own error body: OpenAI nests the message, Ollama does not. */
    static String errorBody(ModelServerStub<?> stub, String message) {
        String quoted = "\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return stub instanceof OpenAiStub
                ? "{\"error\":{\"message\":" + quoted + ",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}"
                : "{\"error\":" + quoted + "}";
    }
}
