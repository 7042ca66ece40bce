package dev.maestro.agents;

import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.maestro.core.Ensure;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives an agent numbered sources from a retriever before it answers. Source text is fenced so instructions
 * inside documents are read as data; with no sources the agent is told so, and its prompt asks it to say so.
 *
 * @since 0.1
 */
public final class RetrievingAgent implements Agent {

    /** Longest source text passed to the model, in characters. */
    public static final int MAX_SOURCE_CHARS = 1500;

    private final Agent delegate;
    private final ContentRetriever retriever;

    public RetrievingAgent(Agent delegate, ContentRetriever retriever) {
        this.delegate = Ensure.notNull(delegate, "delegate");
        this.retriever = Ensure.notNull(retriever, "retriever");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public AgentReply reply(AgentRequest request, TokenSink sink) {
        List<Content> found = retriever.retrieve(Query.from(request.question()));
        List<String> sources = new ArrayList<>();
        StringBuilder context = new StringBuilder();
        if (found.isEmpty()) {
            context.append("No sources were found for this request.\n");
        }
        for (int i = 0; i < found.size(); i++) {
            Content c = found.get(i);
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
        String merged = request.context().isBlank() ? context.toString() : request.context() + "\n" + context;
        return delegate.reply(request.withContext(merged), sink).withSources(sources);
    }
}
