package dev.maestro.providers;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Provider;
import dev.maestro.core.config.Setting;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Configuration and streaming helpers shared by the provider tests. */
final class ProviderFixtures {

    static final String SECRET = "sk-test-SECRET123";
    static final String OLLAMA_MODEL = "llama3.2";
    static final String OPENAI_MODEL = "gpt-4o-mini";

    private ProviderFixtures() {
    }

    /**
     * Fast settings: 3 attempts, 10 ms first backoff, 5 s read timeout (a cold stub's first answer can take
     * a few hundred ms); the OpenAI key is {@link #SECRET}.
     */
    static AppConfig config(Provider provider, String baseUrl, Map<Setting, String> extra) {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.PROVIDER, provider.name().toLowerCase(Locale.ROOT));
        settings.put(provider == Provider.OLLAMA ? Setting.OLLAMA_BASE_URL : Setting.OPENAI_BASE_URL, baseUrl);
        settings.put(Setting.CHAT_MODEL, provider == Provider.OLLAMA ? OLLAMA_MODEL : OPENAI_MODEL);
        settings.put(Setting.OPENAI_API_KEY, SECRET);
        settings.put(Setting.CONNECT_TIMEOUT, "2s");
        settings.put(Setting.READ_TIMEOUT, "5s");
        settings.put(Setting.MAX_ATTEMPTS, "3");
        settings.put(Setting.RETRY_BACKOFF, "10ms");
        settings.putAll(extra);
        return AppConfig.of(settings);
    }

    static AppConfig config(Provider provider, String baseUrl) {
        return config(provider, baseUrl, Map.of());
    }

    /** Runs one streaming chat and waits for its end. */
    static Streamed stream(StreamingChatModel model, String prompt) {
        Streamed streamed = new Streamed();
        model.chat(prompt, streamed);
        streamed.await();
        return streamed;
    }

    /** Everything {@link Throwable#printStackTrace()} would print: messages and causes. */
    static String fullText(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** A handler that records the partial responses and the outcome. */
    static final class Streamed implements StreamingChatResponseHandler {

        final List<String> tokens = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> response = new CompletableFuture<>();
        final CompletableFuture<Throwable> error = new CompletableFuture<>();

        @Override
        public void onPartialResponse(String partialResponse) {
            tokens.add(partialResponse);
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            response.complete(completeResponse);
        }

        @Override
        public void onError(Throwable throwable) {
            error.complete(throwable);
        }

        void await() {
            try {
                CompletableFuture.anyOf(response, error).get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the stream neither completed nor failed within 20 s; tokens so far: " + tokens, e);
            }
        }

        ChatResponse response() {
            if (error.isDone()) {
                throw new AssertionError("the stream failed", error.join());
            }
            return response.join();
        }

        Throwable error() {
            if (!error.isDone()) {
                throw new AssertionError("the stream did not fail; it answered " + response.join());
            }
            return error.join();
        }
    }
}
