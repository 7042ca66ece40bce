package dev.maestro.rag.rerank;

import dev.langchain4j.model.chat.ChatModel;
import dev.maestro.core.Ensure;
import dev.maestro.core.MaestroException;
import dev.maestro.rag.Candidate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code llm}: the chat model reads the numbered passages and answers with their numbers, most relevant first
 * (listwise ranking). Numbers it leaves out keep their first-stage order after the ones it named; an answer
 * without any valid number leaves the order unchanged.
 *
 * @since 0.1
 */
public final class LlmReranker implements Reranker {

    /** The default prompt; {@code {{query}}} and {{passages}} are replaced. */
    public static final String DEFAULT_PROMPT = """
            Rank the passages by how well they answer or support the query. Reply with the passage numbers only,
            most relevant first, separated by commas, e.g. "3, 1, 2". Leave out passages that are irrelevant.

            Query: {{query}}

            Passages:
            {{passages}}""";
    /** Characters of each passage shown to the model (defaults to 600). */
    public static final int DEFAULT_PASSAGE_CHARS = 600;

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final ChatModel model;
    private final String prompt;
    private final int passageChars;

    private LlmReranker(Builder b) {
        this.model = Ensure.notNull(b.chatModel, "chatModel");
        this.prompt = b.prompt == null ? DEFAULT_PROMPT : b.prompt;
        if (!prompt.contains("{{query}}") || !prompt.contains("{{passages}}")) {
            throw new IllegalArgumentException("The reranking prompt must contain {{query}} and {{passages}}");
        }
        this.passageChars = b.passageChars == null ? DEFAULT_PASSAGE_CHARS : Ensure.positive(b.passageChars, "passageChars");
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "llm";
    }

    @Override
    public List<Candidate> rerank(String query, List<Candidate> candidates) {
        if (candidates.size() < 2) {
            return candidates;
        }
        StringBuilder passages = new StringBuilder();
        for (int i = 0; i < candidates.size(); i++) {
            String text = candidates.get(i).hit().text().replaceAll("\\s+", " ");
            String title = candidates.get(i).hit().title();
            passages.append('[').append(i + 1).append("] ").append(title.isEmpty() ? "" : title + ": ")
                    .append(text, 0, Math.min(text.length(), passageChars)).append('\n');
        }
        String answer;
        try {
            answer = model.chat(prompt.replace("{{query}}", query).replace("{{passages}}", passages.toString().strip()));
        } catch (RuntimeException e) {
            throw new MaestroException("The LLM reranker's chat model failed: " + e.getMessage(), e);
        }
        Set<Integer> order = new LinkedHashSet<>();
        Matcher m = NUMBER.matcher(answer == null ? "" : answer);
        while (m.find()) {
            try {
                int n = Integer.parseInt(m.group());
                if (n >= 1 && n <= candidates.size()) {
                    order.add(n - 1);
                }
            } catch (NumberFormatException e) {
                // an absurdly long digit run: not a passage number
            }
        }
        for (int i = 0; i < candidates.size(); i++) {
            order.add(i);
        }
        List<Candidate> out = new ArrayList<>(candidates.size());
        int rank = 0;
        for (int i : order) {
            Candidate c = candidates.get(i);
            out.add(c.withHit(c.hit().withScore(1.0 / (1 + rank++))));
        }
        return out;
    }

    public static final class Builder {
        private ChatModel chatModel;
        private String prompt;
        private Integer passageChars;

        private Builder() {
        }

        public Builder chatModel(ChatModel chatModel) {
            this.chatModel = chatModel;
            return this;
        }

        /** Defaults to {@link #DEFAULT_PROMPT}; must contain {@code {{query}}} and {@code {{passages}}}. */
        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        /** Defaults to {@value #DEFAULT_PASSAGE_CHARS}. */
        public Builder passageChars(int passageChars) {
            this.passageChars = passageChars;
            return this;
        }

        public LlmReranker build() {
            return new LlmReranker(this);
        }
    }
}
