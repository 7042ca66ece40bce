package dev.maestro.providers;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.maestro.core.Ensure;
import dev.maestro.core.ProviderException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming chat over an ordered list of models: the first whose circuit breaker lets it try answers; a model that
 * fails with a connection error, a timeout, 5xx or 429 (after its own retries) <em>before the first token</em> hands
 * the request to the next. Once a token has reached the caller, a failure ends the call: a fallback's text would be
 * spliced onto the first model's.
 *
 * <pre>{@code
 * ModelHealth health = new ModelHealth(ModelHealth.BreakerSettings.DEFAULTS);
 * StreamingChatModel model = ModelChain.builder().health(health)
 *         .link("openai:gpt-4o-mini", "https://api.openai.com/v1", openAi)
 *         .link("ollama:llama3.2", "http://localhost:11434", ollama).build();
 * }</pre>
 *
 * @since 0.1
 */
public final class ModelChain implements StreamingChatModel {

    /** One model of the chain. */
    public record Link(String model, String endpoint, StreamingChatModel chatModel) {
        public Link {
            Ensure.notBlank(model, "model");
            Ensure.notNull(endpoint, "endpoint");
            Ensure.notNull(chatModel, "chatModel");
        }
    }

    /** Who answered, and who failed first: for run events and metrics. */
    public interface Observer {
        Observer NONE = new Observer() { };

        default void onFallback(String from, String to, Throwable cause) {
        }

        default void onAnswered(String model) {
        }
    }

    private final List<Link> links;
    private final List<ModelHealth.Entry> entries;
    private final Observer observer;

    private ModelChain(Builder b) {
        this.observer = b.observer == null ? Observer.NONE : b.observer;
        Ensure.notEmpty(b.links, "links");
        this.links = List.copyOf(b.links);
        ModelHealth health = b.health == null ? new ModelHealth(ModelHealth.BreakerSettings.DEFAULTS) : b.health;
        this.entries = links.stream().map(l -> health.entry(l.model(), l.endpoint())).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Link> links() {
        return links;
    }

    /** The names of the models, in order, e.g. {@code [openai:gpt-4o-mini, ollama:llama3.2]}. */
    public List<String> names() {
        return links.stream().map(Link::model).toList();
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        attempt(0, request, handler, new ArrayList<>());
    }

    private void attempt(int index, ChatRequest request, StreamingChatResponseHandler handler, List<String> tried) {
        for (int i = index; i < links.size(); i++) {
            ModelHealth.Entry entry = entries.get(i);
            if (!entry.breaker.tryAcquirePermission()) {
                entry.skipped.incrementAndGet();
                tried.add(links.get(i).model() + " (circuit open)");
                continue;
            }
            int at = i;
            long t0 = entry.now();
            links.get(i).chatModel().chat(request, new Relay(handler) {
                @Override
                void failed(Throwable error, boolean started) {
                    entry.failed(entry.now() - t0, error);
                    if (!started && fallsBack(error) && at + 1 < links.size()) {
                        entry.fallbacks.incrementAndGet();
                        tried.add(links.get(at).model() + " (" + firstLine(error) + ")");
                        observer.onFallback(links.get(at).model(), links.get(at + 1).model(), error);
                        attempt(at + 1, request, handler, tried);
                    } else {
                        handler.onError(error);
                    }
                }

                @Override
                void completed(ChatResponse response) {
                    entry.succeeded(entry.now() - t0);
                    observer.onAnswered(links.get(at).model());
                    handler.onCompleteResponse(named(response, links.get(at).model()));
                }
            });
            return;
        }
        handler.onError(unavailable(tried));
    }

    /** The response with the answering model's name when the provider sent none, so the run says who answered. */
    static ChatResponse named(ChatResponse response, String model) {
        if (response.metadata() == null || response.metadata().modelName() != null) {
            return response;
        }
        int colon = model.indexOf(':');
        return response.toBuilder().metadata(response.metadata().toBuilder().modelName(model.substring(colon + 1)).build()).build();
    }

    /** Provider failures another model may not share; a bad request or a wrong key would fail the next one too, or should be fixed. */
    static boolean fallsBack(Throwable error) {
        Throwable e = error;
        while (e != null && !(e instanceof ProviderException)) {
            e = e.getCause();
        }
        return e instanceof ProviderException p && (p.retriable() || p.kind() == ProviderException.Kind.MODEL_NOT_FOUND);
    }

    private static String firstLine(Throwable error) {
        String m = String.valueOf(error.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private ProviderException unavailable(List<String> tried) {
        Duration wait = entries.stream().map(e -> e.breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
                .map(Duration::ofMillis).min(Duration::compareTo).orElse(Duration.ofSeconds(30));
        return new ProviderException(ProviderException.Kind.UNREACHABLE, "No model of the chain can answer now: " + String.join(", ", tried)
                + ". Open circuits are probed again after " + wait.toSeconds() + " s; check the providers (./maestro providers).",
                0, 1, wait, null);
    }

    /** Forwards everything, noting whether anything reached the caller yet. */
    private abstract static class Relay implements StreamingChatResponseHandler {
        private final StreamingChatResponseHandler target;
        private volatile boolean started;

        Relay(StreamingChatResponseHandler target) {
            this.target = target;
        }

        abstract void failed(Throwable error, boolean started);

        abstract void completed(ChatResponse response);

        @Override
        public void onPartialResponse(String partialResponse) {
            started = true;
            target.onPartialResponse(partialResponse);
        }

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            started = true;
            target.onPartialResponse(partialResponse, context);
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking) {
            started = true;
            target.onPartialThinking(partialThinking);
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
            started = true;
            target.onPartialThinking(partialThinking, context);
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall) {
            started = true;
            target.onPartialToolCall(partialToolCall);
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
            started = true;
            target.onPartialToolCall(partialToolCall, context);
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall completeToolCall) {
            started = true;
            target.onCompleteToolCall(completeToolCall);
        }

        @Override
        public void onUnmappedRawEvent(Object rawEvent) {
            target.onUnmappedRawEvent(rawEvent);
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            completed(completeResponse);
        }

        @Override
        public void onError(Throwable error) {
            failed(error, started);
        }
    }

    public static final class Builder {
        private final List<Link> links = new ArrayList<>();
        private ModelHealth health;
        private Observer observer;

        private Builder() {
        }

        public Builder observer(Observer observer) {
            this.observer = observer;
            return this;
        }

        public Builder link(String model, String endpoint, StreamingChatModel chatModel) {
            links.add(new Link(model, endpoint, chatModel));
            return this;
        }

        /** Where the breakers live; shared by every chain of one Maestro so a model's breaker is one. */
        public Builder health(ModelHealth health) {
            this.health = health;
            return this;
        }

        public ModelChain build() {
            return new ModelChain(this);
        }
    }
}
