package dev.maestro.rag.transform;

import dev.langchain4j.model.chat.ChatModel;
import dev.maestro.core.Ensure;
import dev.maestro.core.MaestroException;
import dev.maestro.rag.Hit;
import dev.maestro.rag.RetrievalRequest;
import dev.maestro.rag.Retriever;

import java.util.List;

/**
 * HyDE (Gao et al. 2022): the chat model writes a hypothetical passage answering the query, and the inner
 * retriever searches with the query followed by that passage, so a dense retriever compares passage to passage.
 *
 * @since 0.1
 */
public final class HydeRetriever implements Retriever {

    /** The default prompt; {@code {{query}}} is replaced. */
    public static final String DEFAULT_PROMPT = """
            Write one short passage (3 to 5 sentences) that would answer the query below, in the style of a reference
            document. Reply with the passage only.

            Query: {{query}}""";

    private final Retriever inner;
    private final ChatModel model;
    private final String prompt;

    private HydeRetriever(Builder b) {
        this.inner = Ensure.notNull(b.inner, "retriever");
        this.model = Ensure.notNull(b.chatModel, "chatModel");
        this.prompt = b.prompt == null ? DEFAULT_PROMPT : b.prompt;
        if (!prompt.contains("{{query}}")) {
            throw new IllegalArgumentException("The HyDE prompt must contain {{query}}");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "hyde-" + inner.name();
    }

    @Override
    public List<Hit> retrieve(RetrievalRequest request) {
        String passage;
        try {
            passage = model.chat(prompt.replace("{{query}}", request.query()));
        } catch (RuntimeException e) {
            throw new MaestroException("HyDE's chat model failed: " + e.getMessage(), e);
        }
        String expanded = passage == null || passage.isBlank() ? request.query() : request.query() + "\n" + passage.strip();
        return inner.retrieve(request.withQuery(expanded));
    }

    public static final class Builder {
        private Retriever inner;
        private ChatModel chatModel;
        private String prompt;

        private Builder() {
        }

        /** Usually a {@link dev.maestro.rag.DenseRetriever}. */
        public Builder retriever(Retriever retriever) {
            this.inner = retriever;
            return this;
        }

        public Builder chatModel(ChatModel chatModel) {
            this.chatModel = chatModel;
            return this;
        }

        /** Defaults to {@link #DEFAULT_PROMPT}; must contain {@code {{query}}}. */
        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        public HydeRetriever build() {
            return new HydeRetriever(this);
        }
    }
}
