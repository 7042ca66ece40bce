package dev.maestro.agents;

import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.maestro.core.Ensure;
import dev.maestro.rag.RetrievalRequest;
import dev.maestro.rag.Retriever;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Gives an agent numbered sources from a retriever before it answers. Source text is fenced so instructions
 * inside documents are read as data; with no sources the agent is told so, and its prompt asks it to say so.
 * The strategy that found the sources goes to the token sink as it is known and into the reply.
 *
 * @since 0.1
 */
public final class RetrievingAgent implements Agent {

    /** Longest source text passed to the model, in characters. */
    public static final int MAX_SOURCE_CHARS = 1500;
    /** The strategy reported for a LangChain4j retriever whose contents do not name one. */
    public static final String UNNAMED_STRATEGY = "content-retriever";

    private record Found(String strategy, List<Content> contents) {
    }

    private final Agent delegate;
    private final Function<String, Found> search;

    /** Sources from a Maestro retriever: the strategy reported is the one that answered (adaptive says which it chose). */
    public RetrievingAgent(Agent delegate, Retriever retriever, int maxSources) {
        this.delegate = Ensure.notNull(delegate, "delegate");
        Ensure.notNull(retriever, "retriever");
        Ensure.positive(maxSources, "maxSources");
        this.search = question -> {
            var retrieval = retriever.retrieval(RetrievalRequest.of(question, maxSources));
            return new Found(retrieval.strategy(), Retriever.contents(retrieval));
        };
    }

    /** Sources from any LangChain4j retriever; the strategy is read from the contents' {@code strategy} metadata. */
    public RetrievingAgent(Agent delegate, ContentRetriever retriever) {
        this.delegate = Ensure.notNull(delegate, "delegate");
        Ensure.notNull(retriever, "retriever");
        this.search = question -> {
            List<Content> found = retriever.retrieve(Query.from(question));
            Object named = found.isEmpty() ? null : found.get(0).textSegment().metadata().toMap().get(Retriever.STRATEGY);
            return new Found(named == null ? UNNAMED_STRATEGY : named.toString(), found);
        };
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public AgentReply reply(AgentRequest request, TokenSink sink) {
        Found found = search.apply(request.question());
        List<String> sources = new ArrayList<>();
        StringBuilder context = new StringBuilder();
        if (found.contents().isEmpty()) {
            context.append("No sources were found for this request.\n");
        }
        for (int i = 0; i < found.contents().size(); i++) {
            Content c = found.contents().get(i);
            String text = c.textSegment().text();
            // Metadata getters throw on a type mismatch; read raw values so any type of title or id works.
            Object titleValue = c.textSegment().metadata().toMap().get("title");
            String title = titleValue == null ? null : titleValue.toString();
            Object chunk = c.textSegment().metadata().toMap().get("chunk_id");
            String label = "[" + (i + 1) + "] " + (title == null || title.isBlank() ? "source " + (i + 1) : title)
                    + (chunk != null ? " · chunk " + chunk : "");
            sources.add(label);
            context.append("<source id=\"").append(i + 1).append("\">\n")
                    .append(text.length() > MAX_SOURCE_CHARS ? text.substring(0, MAX_SOURCE_CHARS) + " …" : text)
                    .append("\n</source>\n");
        }
        sink.onRetrieval(found.strategy(), List.copyOf(sources));
        String merged = request.context().isBlank() ? context.toString() : request.context() + "\n" + context;
        return delegate.reply(request.withContext(merged), sink).withRetrieval(found.strategy(), sources);
    }

    @Override
    public Optional<LlmAgent> llm() {
        return delegate.llm();
    }
}
