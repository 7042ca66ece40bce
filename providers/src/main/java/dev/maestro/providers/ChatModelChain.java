package dev.maestro.providers;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.maestro.core.Ensure;
import dev.maestro.core.ProviderException;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link ModelChain}'s blocking twin, for the calls that do not stream (the route classifier, memory summaries and
 * facts): the first model whose breaker lets it try answers; one that fails with a provider failure another model
 * may not share hands the request to the next.
 *
 * @since 0.1
 */
public final class ChatModelChain implements ChatModel {

    /** One model of the chain. */
    public record Link(String model, String endpoint, ChatModel chatModel) {
        public Link {
            Ensure.notBlank(model, "model");
            Ensure.notNull(endpoint, "endpoint");
            Ensure.notNull(chatModel, "chatModel");
        }
    }

    private final List<Link> links;
    private final List<ModelHealth.Entry> entries;

    public ChatModelChain(List<Link> links, ModelHealth health) {
        Ensure.notEmpty(links, "links");
        Ensure.notNull(health, "health");
        this.links = List.copyOf(links);
        this.entries = this.links.stream().map(l -> health.entry(l.model(), l.endpoint())).toList();
    }

    public List<String> names() {
        return links.stream().map(Link::model).toList();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<String> tried = new ArrayList<>();
        RuntimeException last = null;
        for (int i = 0; i < links.size(); i++) {
            ModelHealth.Entry entry = entries.get(i);
            if (!entry.breaker.tryAcquirePermission()) {
                entry.skipped.incrementAndGet();
                tried.add(links.get(i).model() + " (circuit open)");
                continue;
            }
            long t0 = entry.now();
            try {
                ChatResponse response = links.get(i).chatModel().chat(request);
                entry.succeeded(entry.now() - t0);
                return ModelChain.named(response, links.get(i).model());
            } catch (RuntimeException e) {
                entry.failed(entry.now() - t0, e);
                if (!ModelChain.fallsBack(e) || i + 1 == links.size()) {
                    throw e;
                }
                entry.fallbacks.incrementAndGet();
                tried.add(links.get(i).model() + " (" + e.getMessage() + ")");
                last = e;
            }
        }
        throw new ProviderException(ProviderException.Kind.UNREACHABLE, "No model of the chain can answer now: " + String.join(", ", tried)
                + "; check the providers (./maestro providers).", 0, 1, null, last);
    }
}
