package dev.maestro.rag.transform;

import dev.langchain4j.model.chat.ChatModel;
import dev.maestro.core.Ensure;
import dev.maestro.core.MaestroException;
import dev.maestro.rag.Fusion;
import dev.maestro.rag.Hit;
import dev.maestro.rag.RetrievalRequest;
import dev.maestro.rag.Retriever;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-query: the chat model rephrases the query {@code n} ways; the inner retriever runs the original and
 * every rephrasing, and the lists are merged by reciprocal rank fusion.
 *
 * @since 0.1
 */
public final class MultiQueryRetriever implements Retriever {

    /** The default prompt; {@code {{query}}} and {@code {{n}}} are replaced. */
    public static final String DEFAULT_PROMPT = """
            Write {{n}} different search queries that ask for the same information as the query below, using other
            words where you can. One query per line, no numbering, nothing else.

            Query: {{query}}""";
    /** Rephrasings requested (defaults to 3). */
    public static final int DEFAULT_QUERIES = 3;

    private final Retriever inner;
    private final ChatModel model;
    private final String prompt;
    private final int n;

    private MultiQueryRetriever(Builder b) {
        this.inner = Ensure.notNull(b.inner, "retriever");
        this.model = Ensure.notNull(b.chatModel, "chatModel");
        this.prompt = b.prompt == null ? DEFAULT_PROMPT : b.prompt;
        if (!prompt.contains("{{query}}")) {
            throw new IllegalArgumentException("The multi-query prompt must contain {{query}}");
        }
        this.n = b.n == null ? DEFAULT_QUERIES : Ensure.positive(b.n, "queries");
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "multi-query-" + inner.name();
    }

    @Override
    public List<Hit> retrieve(RetrievalRequest request) {
        List<String> queries = new ArrayList<>();
        queries.add(request.query());
        queries.addAll(rephrase(request.query()));
        Map<Long, Hit> hits = new LinkedHashMap<>();
        Map<Long, Double> scores = new LinkedHashMap<>();
        for (String q : queries) {
            List<Hit> list = inner.retrieve(request.withQuery(q));
            for (int rank = 0; rank < list.size(); rank++) {
                Hit h = list.get(rank);
                hits.putIfAbsent(h.chunkId(), h);
                scores.merge(h.chunkId(), 1.0 / (Fusion.DEFAULT_RRF_K + rank + 1), Double::sum);
            }
        }
        return scores.entrySet().stream()
                .sorted(Map.Entry.<Long, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(request.maxResults())
                .map(e -> hits.get(e.getKey()).withScore(e.getValue()))
                .toList();
    }

    private List<String> rephrase(String query) {
        String answer;
        try {
            answer = model.chat(prompt.replace("{{query}}", query).replace("{{n}}", Integer.toString(n)));
        } catch (RuntimeException e) {
            throw new MaestroException("Multi-query's chat model failed: " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        for (String line : (answer == null ? "" : answer).split("\\R")) {
            String q = line.replaceFirst("^\\s*(?:[-*•]|\\d+[.)])\\s*", "").strip();
            if (!q.isEmpty() && !q.equalsIgnoreCase(query) && out.size() < n) {
                out.add(q);
            }
        }
        return out;
    }

    public static final class Builder {
        private Retriever inner;
        private ChatModel chatModel;
        private String prompt;
        private Integer n;

        private Builder() {
        }

        public Builder retriever(Retriever retriever) {
            this.inner = retriever;
            return this;
        }

        public Builder chatModel(ChatModel chatModel) {
            this.chatModel = chatModel;
            return this;
        }

        /** Defaults to {@link #DEFAULT_PROMPT}; must contain {@code {{query}}}, may contain {@code {{n}}}. */
        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        /** Defaults to {@value #DEFAULT_QUERIES}. */
        public Builder queries(int n) {
            this.n = n;
            return this;
        }

        public MultiQueryRetriever build() {
            return new MultiQueryRetriever(this);
        }
    }
}
