package dev.maestro.providers;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Provider;
import dev.maestro.core.config.Setting;
import dev.maestro.core.ConfigException;
import dev.maestro.core.ProviderException;
import dev.maestro.core.ProviderException.Kind;
import dev.maestro.testkit.ModelServerStub;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.OpenAiStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static dev.maestro.providers.ProviderFixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class ProvidersTest {

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();

    @ParameterizedTest
    @EnumSource(Provider.class)
    void should_return_text_and_token_usage(Provider provider) {
        // given
        ModelServerStub<?> stub = stubFor(provider);
        if (provider == Provider.OLLAMA) {
            ollama.replyWith("Hello there", 12, 3);
        } else {
            openAi.replyWith("Hello there", 12, 3);
        }
        ChatModel model = Providers.chatModel(ProviderFixtures.config(provider, stub.baseUrl()));

        // when
        ChatResponse response = model.chat(UserMessage.from("Hi"));

        // then
        assertThat(response.aiMessage().text()).isEqualTo("Hello there");
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(12);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(3);
        assertThat(stub.requestCount()).isEqualTo(1);
        assertThat(stub.requests().getFirst().body()).contains(provider == Provider.OLLAMA ? "llama3.2" : "gpt-4o-mini");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void should_stream_tokens_in_order_then_usage(Provider provider) {
        // given
        ModelServerStub<?> stub = stubFor(provider);
        List<String> tokens = List.of("Hel", "lo", ", ", "world", "!");
        if (provider == Provider.OLLAMA) {
            ollama.streamTokens(tokens, 7, 5);
        } else {
            openAi.streamTokens(tokens, 7, 5);
        }

        // when
        ProviderFixtures.Streamed streamed =
                ProviderFixtures.stream(Providers.streamingChatModel(ProviderFixtures.config(provider, stub.baseUrl())), "Hi");

        // then
        assertThat(streamed.tokens).containsExactlyElementsOf(tokens);
        ChatResponse response = streamed.response();
        assertThat(response.aiMessage().text()).isEqualTo("Hello, world!");
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(7);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void should_succeed_on_second_attempt_after_503(Provider provider) {
        // given
        ModelServerStub<?> stub = stubFor(provider);
        if (provider == Provider.OLLAMA) {
            ollama.replyWith("recovered", 1, 1).failFirst(1, 503, "busy", Map.of());
        } else {
            openAi.replyWith("recovered", 1, 1).failFirst(1, 503, "busy", Map.of());
        }
        AppConfig config = ProviderFixtures.config(provider, stub.baseUrl());

        // when
        String answer = Providers.chatModel(config).chat("Hi");

        // then
        assertThat(answer).isEqualTo("recovered");
        assertThat(stub.requestCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void should_retry_a_stream_that_failed_before_it_started(Provider provider) {
        // given
        ModelServerStub<?> stub = stubFor(provider);
        if (provider == Provider.OLLAMA) {
            ollama.streamTokens(List.of("a", "b"), 1, 2).failFirst(1, 503, "busy", Map.of()).dropConnectionFirst(1);
        } else {
            openAi.streamTokens(List.of("a", "b"), 1, 2).failFirst(1, 503, "busy", Map.of()).dropConnectionFirst(1);
        }

        // when
        ProviderFixtures.Streamed streamed =
                ProviderFixtures.stream(Providers.streamingChatModel(ProviderFixtures.config(provider, stub.baseUrl())), "Hi");

        // then
        assertThat(streamed.response().aiMessage().text()).isEqualTo("ab");
        assertThat(streamed.tokens).containsExactly("a", "b");
        assertThat(stub.requestCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void should_not_retry_a_stream_that_broke_after_it_started(Provider provider) throws Exception {
        // given: a server that sends the first event of a 200 response, then resets the connection
        String firstEvent = provider == Provider.OLLAMA
                ? "{\"model\":\"m\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}\n"
                : "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";
        try (BrokenStreamServer server = BrokenStreamServer.start(firstEvent,
                provider == Provider.OLLAMA ? "application/x-ndjson" : "text/event-stream")) {
            String baseUrl = server.baseUrl() + (provider == Provider.OPENAI ? "/v1" : "");
            AppConfig config = ProviderFixtures.config(provider, baseUrl);

            // when
            ProviderFixtures.Streamed streamed = ProviderFixtures.stream(Providers.streamingChatModel(config), "Hi");

            // then
            assertThat(streamed.tokens).containsExactly("Hel");
            assertThat(streamed.error()).isExactlyInstanceOf(ProviderException.class)
                    .hasMessageContaining(" at " + baseUrl + " broke off the response after it had started");
            assertThat(((ProviderException) streamed.error()).kind()).isEqualTo(Kind.UNREACHABLE);
            Thread.sleep(100); // a late onCompleteResponse would be a bug
            assertThat(streamed.response).isNotDone();
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void should_say_how_to_start_an_unreachable_server(Provider provider) throws IOException {
        // given: a port nobody listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String baseUrl = "http://127.0.0.1:" + port + (provider == Provider.OPENAI ? "/v1" : "");
        AppConfig config = ProviderFixtures.config(provider, baseUrl);

        // when
        Throwable blocking = catchThrowable(() -> Providers.chatModel(config).chat("Hi"));
        Throwable streaming = ProviderFixtures.stream(Providers.streamingChatModel(config), "Hi").error();

        // then
        for (Throwable thrown : List.of(blocking, streaming)) {
            assertThat(thrown).isExactlyInstanceOf(ProviderException.class);
            assertThat(((ProviderException) thrown).kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(((ProviderException) thrown).attempts()).isEqualTo(3);
            assertThat(thrown.getMessage()).isEqualTo(provider == Provider.OLLAMA
                    ? "Ollama is not reachable at " + baseUrl + " after 3 attempts — start it (`ollama serve`, then "
                            + "`ollama pull llama3.2`) or set MAESTRO_PROVIDER=openai"
                    : "OpenAI-compatible server is not reachable at " + baseUrl + " after 3 attempts — check "
                            + "MAESTRO_OPENAI_BASE_URL and the network connection");
        }
    }

    @Test
    void should_report_an_unknown_host_as_our_exception() {
        // given: LangChain4j's ExceptionMapper would replace an exception whose root cause is UnresolvedAddressException
        AppConfig config = ProviderFixtures.config(Provider.OLLAMA, "http://no-such-host.invalid:11434",
                Map.of(Setting.MAX_ATTEMPTS, "1"));

        // when
        Throwable thrown = catchThrowable(() -> Providers.chatModel(config).chat("Hi"));

        // then
        assertThat(thrown).isExactlyInstanceOf(ProviderException.class)
                .hasMessageStartingWith("Ollama is not reachable at http://no-such-host.invalid:11434 (unknown host)");
    }

    @Test
    void should_send_a_placeholder_key_to_compatible_servers_without_one() {
        // given
        openAi.replyWith("ok", 1, 1);
        AppConfig config = ProviderFixtures.config(Provider.OPENAI, openAi.baseUrl(), Map.of(Setting.OPENAI_API_KEY, ""));

        // when
        String answer = Providers.chatModel(config).chat("Hi");

        // then
        assertThat(answer).isEqualTo("ok");
        assertThat(openAi.requests().getFirst().header("Authorization")).isEqualTo("Bearer " + Providers.PLACEHOLDER_API_KEY);
    }

    @Test
    void should_fail_fast_without_a_key_for_api_openai_com() {
        // given
        AppConfig config = ProviderFixtures.config(Provider.OPENAI, "https://api.openai.com/v1", Map.of(Setting.OPENAI_API_KEY, ""));

        // when / then
        assertThatThrownBy(() -> Providers.chatModel(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("OPENAI_API_KEY is not set");
        assertThatThrownBy(() -> Providers.streamingChatModel(config)).isInstanceOf(ConfigException.class);
    }

    @Test
    void should_describe_the_chat_model() {
        assertThat(Providers.describe(AppConfig.of(Map.of())))
                .isEqualTo("Ollama llama3.2 at http://localhost:11434");
        assertThat(Providers.describe(AppConfig.of(Map.of(Setting.PROVIDER, "openai", Setting.OPENAI_API_KEY, SECRET))))
                .isEqualTo("OpenAI gpt-4o-mini at https://api.openai.com/v1");
        assertThat(Providers.describe(AppConfig.of(Map.of(Setting.PROVIDER, "openai",
                Setting.OPENAI_BASE_URL, "http://user:pw@localhost:1234/v1/", Setting.CHAT_MODEL, "qwen"))))
                .isEqualTo("OpenAI-compatible server qwen at http://****@localhost:1234/v1");
        assertThat(Providers.describeEmbeddings(AppConfig.of(Map.of())))
                .isEqualTo("ONNX bge-small-en-v1.5-q (in-process, 384 dimensions)");
    }

    private static ModelServerStub<?> stubFor(Provider provider) {
        return provider == Provider.OLLAMA ? ollama : openAi;
    }
}
