package dev.maestro.tools.builtin;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.maestro.core.Ensure;
import dev.maestro.tools.RiskLevel;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolContext;

import java.util.List;

/**
 * {@code retrieval_search} and {@code memory_search}: a search the model can run itself, over whatever the wiring
 * plugs in as a {@link Searcher} (the rag retriever on a named collection, the memory store of the conversation), so
 * this module depends on neither.
 */
public final class SearchTool implements Tool {

    public static final String RETRIEVAL = "retrieval_search";
    public static final String MEMORY = "memory_search";
    /** Hits returned when the model asks for no number: 5; at most {@link #MAX_HITS}. */
    public static final int DEFAULT_HITS = 5;
    public static final int MAX_HITS = 20;
    /** Longest hit text returned, in characters. */
    public static final int MAX_HIT_CHARS = 1500;

    /** Runs one search, for the conversation of {@code context} (memory search is per user). */
    @FunctionalInterface
    public interface Searcher {
        List<Hit> search(String query, int limit, ToolContext context);
    }

    /** One result: a title (may be empty) and its text. */
    public record Hit(String title, String text) {
    }

    private final ToolSpecification spec;
    private final Searcher searcher;

    private SearchTool(String name, String description, Searcher searcher) {
        this.searcher = Ensure.notNull(searcher, "searcher");
        this.spec = ToolSpecification.builder()
                .name(name)
                .description(description)
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("query", "what to search for")
                        .addIntegerProperty("limit", "how many results, 1 to " + MAX_HITS + "; default " + DEFAULT_HITS)
                        .required("query")
                        .build())
                .build();
    }

    /** Search over the documents of {@code collection}. */
    public static SearchTool retrieval(String collection, Searcher searcher) {
        return new SearchTool(RETRIEVAL, "Searches the ingested documents of collection '" + collection
                + "'; returns numbered passages.", searcher);
    }

    /** Search over what the user said in earlier conversations (long-term memory). */
    public static SearchTool memory(Searcher searcher) {
        return new SearchTool(MEMORY, "Searches long-term memory of this user's earlier conversations; returns numbered items.", searcher);
    }

    @Override
    public ToolSpecification specification() {
        return spec;
    }

    @Override
    public RiskLevel risk() {
        return RiskLevel.READ;
    }

    @Override
    public String source() {
        return "builtin";
    }

    @Override
    public String execute(String argumentsJson) {
        return execute(argumentsJson, ToolContext.NONE);
    }

    @Override
    public String execute(String argumentsJson, ToolContext context) {
        Args args = Args.parse(argumentsJson);
        int limit = Math.clamp(args.integer("limit", DEFAULT_HITS), 1, MAX_HITS);
        List<Hit> hits = searcher.search(args.text("query"), limit, context);
        if (hits.isEmpty()) {
            return "No results.";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hits.size() && i < limit; i++) {
            Hit h = hits.get(i);
            String text = h.text() == null ? "" : h.text();
            out.append('[').append(i + 1).append("] ").append(h.title() == null || h.title().isBlank() ? "" : h.title() + "\n")
                    .append(text.length() > MAX_HIT_CHARS ? text.substring(0, MAX_HIT_CHARS) + " …" : text).append("\n\n");
        }
        return out.toString().strip();
    }
}
