package dev.maestro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.agents.Agent;
import dev.maestro.agents.AgentReply;
import dev.maestro.agents.AgentRequest;
import dev.maestro.agents.CacheOutcome;
import dev.maestro.agents.LlmAgent;
import dev.maestro.agents.TokenSink;
import dev.maestro.agents.ToolApproval;
import dev.maestro.agents.ToolCall;
import dev.maestro.agents.ToolJournal;
import dev.maestro.cache.CacheKey;
import dev.maestro.cache.Lookup;
import dev.maestro.cache.SemanticCache;
import dev.maestro.tools.ToolContext;
import dev.maestro.tools.ToolResult;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An agent behind the semantic answer cache. Only answers that depend on the question alone are cached: a request
 * that comes with recalled memory (an earlier turn of the conversation, the user's facts) or a reviewer's objection
 * bypasses the cache, and an answer whose turn called a tool is not stored (tools read live data and act). Hits
 * are streamed like model tokens, so the terminal, SSE and the OpenAI-compatible endpoint show them as any answer.
 */
final class CachingAgent implements Agent {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Words with their following spaces: the chunks a cached answer streams in. */
    private static final Pattern CHUNK = Pattern.compile("\\S+\\s*|\\s+");

    private final Agent delegate;
    private final SemanticCache cache;
    private final EmbeddingModel embeddings;
    private final Function<String, String> tenantOf;
    private final String model;
    private final String prompt;
    private final Supplier<String> collection;

    /**
     * @param tenantOf   the tenant of a conversation id
     * @param collection the retrieval collection's name and content version ({@code default@v3}) for an agent that
     *                   retrieves, read at every request; null for one that does not
     */
    CachingAgent(Agent delegate, SemanticCache cache, EmbeddingModel embeddings, Function<String, String> tenantOf, String model,
                 String prompt, Supplier<String> collection) {
        this.delegate = delegate;
        this.cache = cache;
        this.embeddings = embeddings;
        this.tenantOf = tenantOf;
        this.model = model;
        this.prompt = prompt;
        this.collection = collection;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Optional<LlmAgent> llm() {
        return delegate.llm();
    }

    @Override
    public AgentReply reply(AgentRequest request, TokenSink sink) {
        if (!request.context().isBlank()) {
            return delegate.reply(request, sink).withCache(CacheOutcome.bypass("the request came with recalled memory"));
        }
        if (!request.feedback().isBlank()) {
            return delegate.reply(request, sink).withCache(CacheOutcome.bypass("a revision after review"));
        }
        CacheKey key = new CacheKey(tenantOf.apply(request.conversation()), name(), model, prompt, collection == null ? "" : collection.get());
        float[] vector = embeddings.embed(request.question()).content().vector();
        Lookup found = cache.lookup(key, request.question(), vector);
        if (found.hit()) {
            Stored stored = Stored.decode(found.entry().answer());
            Matcher m = CHUNK.matcher(stored.text());
            while (m.find()) {
                sink.onToken(m.group());
            }
            return new AgentReply(name(), stored.text(), model, 0, 0, prompt, stored.sources(), stored.retrieval()).withCache(outcome(found));
        }
        AtomicBoolean usedTools = new AtomicBoolean();
        AgentReply reply = delegate.reply(request, new ToolWatch(sink, usedTools));
        CacheOutcome outcome = outcome(found);
        if (usedTools.get()) {
            return reply.withCache(outcome.withReason("the answer called tools"));
        }
        if (reply.text().isBlank()) {
            return reply.withCache(outcome.withReason("the answer was empty"));
        }
        cache.learn(key, request.question(), vector, new Stored(reply.text(), reply.sources(), reply.retrieval()).encode(), found);
        return reply.withCache(outcome);
    }

    private static CacheOutcome outcome(Lookup found) {
        if (found.entry() == null) {
            return new CacheOutcome(CacheOutcome.MISS, "", Double.NaN, 0, 0, "");
        }
        String kind = found.kind() == Lookup.Kind.EXACT ? "exact" : "semantic";
        return new CacheOutcome(found.hit() ? CacheOutcome.HIT : CacheOutcome.MISS, kind, found.similarity(),
                found.age(Instant.now()).toSeconds(), found.entry().id(), "");
    }

    /** What an entry holds: the answer with the sources it may cite, as JSON. */
    record Stored(String text, List<String> sources, String retrieval) {

        String encode() {
            try {
                return JSON.writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot encode a cache entry", e);
            }
        }

        static Stored decode(String json) {
            try {
                return JSON.readValue(json, Stored.class);
            } catch (JsonProcessingException e) {
                return new Stored(json, List.of(), "");
            }
        }
    }

    /** Passes everything through, noting whether a tool ran. */
    private record ToolWatch(TokenSink sink, AtomicBoolean used) implements TokenSink {

        @Override
        public void onToken(String token) {
            sink.onToken(token);
        }

        @Override
        public void onRetrieval(String strategy, List<String> sources) {
            sink.onRetrieval(strategy, sources);
        }

        @Override
        public void onToolCall(ToolCall call) {
            used.set(true);
            sink.onToolCall(call);
        }

        @Override
        public void onToolResult(ToolCall call, ToolResult result) {
            sink.onToolResult(call, result);
        }

        @Override
        public ToolContext toolContext() {
            return sink.toolContext();
        }

        @Override
        public ToolJournal toolJournal() {
            return sink.toolJournal();
        }

        @Override
        public ToolApproval approve(ToolCall call) {
            return sink.approve(call);
        }
    }
}
