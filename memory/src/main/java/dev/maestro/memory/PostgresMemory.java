package dev.maestro.memory;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Three-tier conversational memory in PostgreSQL + pgvector (schema {@code V3__memory.sql}).
 * <ul>
 *   <li>short-term: the conversation's newest messages within {@code windowTokens};</li>
 *   <li>mid-term: messages that leave the window are folded into a rolling summary by the chat model;</li>
 *   <li>long-term: every turn becomes an embedded episode; the chat model extracts facts, and a fact that contradicts
 *       an older one supersedes it (the old row keeps {@code valid_to} and {@code superseded_by}).</li>
 * </ul>
 * {@link #append} is the only call on the request path: it stores the message and enqueues the background work in one
 * transaction. A {@link MemoryWorker} embeds, summarises and extracts off the request path.
 *
 * @since 0.1
 */
public final class PostgresMemory {

    /** Tokens of the short-term window, and the point past which messages are summarised (defaults to 1,000). */
    public static final int DEFAULT_WINDOW_TOKENS = 1_000;
    /** Evicted tokens that must pile up before one summary call (defaults to 300), so the model is not called per turn. */
    public static final int DEFAULT_SUMMARIZE_MIN_TOKENS = 300;
    public static final double DEFAULT_EPISODE_IMPORTANCE = 0.3;
    public static final double DEFAULT_WINDOW_SHARE = 0.5;
    public static final double DEFAULT_SUMMARY_SHARE = 0.2;
    /**
     * The most messages the short-term window holds whatever their tokens, so a turn reads a bounded number of rows
     * however long the unsummarised history grows (it does without a chat model for summaries).
     */
    public static final int WINDOW_MAX_MESSAGES = 200;
    /** The query instruction of the BGE v1.5 English models; pass it to {@link Builder#queryPrefix} with them. */
    public static final String BGE_QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

    final Jdbc jdbc;
    final EmbeddingModel embeddingModel;
    private final EmbeddingModel queryEmbeddingModel;
    final ChatModel chatModel;
    final String summaryPrompt;
    final String factPrompt;
    final boolean extractFacts;
    final TokenCountEstimator estimator;
    final int windowTokens;
    final int summarizeMinTokens;
    final String queryPrefix;
    final EpisodeFormatter episodeFormatter;
    final double episodeImportance;
    final Clock clock;
    private final ContextAssembler assembler;
    private final RecallOptions recallOptions;
    private final int dimension;

    private PostgresMemory(Builder b) {
        this.jdbc = new Jdbc(Ensure.notNull(b.dataSource, "dataSource"));
        this.embeddingModel = Ensure.notNull(b.embeddingModel, "embeddingModel");
        this.queryEmbeddingModel = b.queryEmbeddingModel != null ? b.queryEmbeddingModel : embeddingModel;
        this.chatModel = b.chatModel;
        if (chatModel != null) {
            this.summaryPrompt = Templates.requireVariables(Ensure.notNull(b.summaryPrompt, "summaryPrompt (needed with a chatModel)"),
                    "summaryPrompt", "summary", "messages");
            this.factPrompt = Templates.requireVariables(Ensure.notNull(b.factPrompt, "factPrompt (needed with a chatModel)"),
                    "factPrompt", "message", "existing");
        } else {
            this.summaryPrompt = null;
            this.factPrompt = null;
        }
        this.extractFacts = chatModel != null && (b.extractFacts == null || b.extractFacts);
        this.estimator = b.estimator != null ? b.estimator : new SimpleTokenCountEstimator();
        this.windowTokens = Ensure.positive(b.windowTokens != null ? b.windowTokens : DEFAULT_WINDOW_TOKENS, "windowTokens");
        this.summarizeMinTokens = Ensure.notNegative(b.summarizeMinTokens != null ? b.summarizeMinTokens : DEFAULT_SUMMARIZE_MIN_TOKENS,
                "summarizeMinTokens");
        this.queryPrefix = b.queryPrefix != null ? b.queryPrefix : "";
        this.clock = b.clock != null ? b.clock : Clock.systemUTC();
        this.episodeFormatter = b.episodeFormatter != null ? b.episodeFormatter : EpisodeFormatter.speakerAndDate(ZoneOffset.UTC, true);
        this.episodeImportance = b.episodeImportance != null ? b.episodeImportance : DEFAULT_EPISODE_IMPORTANCE;
        this.assembler = new ContextAssembler(estimator, b.windowShare != null ? b.windowShare : DEFAULT_WINDOW_SHARE,
                b.summaryShare != null ? b.summaryShare : DEFAULT_SUMMARY_SHARE);
        this.recallOptions = b.recallOptions != null ? b.recallOptions : RecallOptions.defaults();
        this.dimension = checkDimension();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Stores one message now, stamped with the memory's clock.
     *
     * @return the message id
     * @see #append(Scope, UUID, ChatMessage, Instant, Map)
     */
    public long append(Scope scope, UUID conversationId, ChatMessage message) {
        return append(scope, conversationId, message, clock.instant(), Map.of());
    }

    /**
     * Stores one message of a conversation (created for {@code scope} on first use) and enqueues its background work: an
     * episode, fact extraction for user messages when a chat model is set, and a summary once enough has left the window.
     *
     * @param at       when it was said (the episode's validity starts there)
     * @param metadata free-form strings kept with the message and its episode, e.g. an external turn id
     * @return the message id
     * @throws MemoryException when the conversation belongs to another tenant or user
     */
    public long append(Scope scope, UUID conversationId, ChatMessage message, Instant at, Map<String, String> metadata) {
        Ensure.notNull(scope, "scope");
        Ensure.notNull(conversationId, "conversationId");
        Ensure.notNull(message, "message");
        Ensure.notNull(at, "at");
        return jdbc.read("storing a message of conversation " + conversationId,
                c -> store(c, scope, conversationId, List.of(newMessage(message, at, metadata)), true)).getFirst();
    }

    /**
     * Stores several messages of a conversation in one transaction, all stamped now (a turn: question and answer), with
     * the same background work as {@link #append(Scope, UUID, ChatMessage)}.
     *
     * @return the message ids, in order
     */
    public List<Long> appendAll(Scope scope, UUID conversationId, List<? extends ChatMessage> messages) {
        return appendAll(scope, conversationId, messages, true);
    }

    /**
     * {@link #appendAll(Scope, UUID, List)}, optionally without waiting for the disk: for a caller that commits another
     * transaction to this database right after, waiting for the disk; PostgreSQL's write-ahead log makes that one durable
     * only with this one (a graph's end-of-turn checkpoint). Until then a crash of the database server may lose it.
     */
    public List<Long> appendAll(Scope scope, UUID conversationId, List<? extends ChatMessage> messages, boolean waitForDisk) {
        Ensure.notNull(scope, "scope");
        Ensure.notNull(conversationId, "conversationId");
        Ensure.notNull(messages, "messages");
        Instant at = clock.instant();
        List<ConversationDao.NewMessage> rows = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            rows.add(newMessage(Ensure.notNull(m, "message"), at, Map.of()));
        }
        return rows.isEmpty() ? List.of() : jdbc.read("storing " + rows.size() + " messages of conversation " + conversationId,
                c -> store(c, scope, conversationId, rows, waitForDisk));
    }

    /** One statement, so a turn is one round trip; an empty result means the conversation is someone else's. */
    private List<Long> store(Connection c, Scope scope, UUID conversationId, List<ConversationDao.NewMessage> rows,
                             boolean waitForDisk) throws SQLException {
        Long summaryAt = chatModel == null ? null : (long) windowTokens + summarizeMinTokens;
        List<Long> ids = ConversationDao.insertMessages(c, scope, conversationId, rows, clock.instant(), summaryAt, waitForDisk);
        if (ids.size() != rows.size()) {
            throw new MemoryException("Conversation " + conversationId + " belongs to another user; " + scope
                    + " may not read or write it");
        }
        return ids;
    }

    private ConversationDao.NewMessage newMessage(ChatMessage message, Instant at, Map<String, String> metadata) {
        String role = Messages.role(message);
        String text = Messages.text(message);
        Map<String, String> meta = new HashMap<>(metadata == null ? Map.of() : metadata);
        String name = Messages.name(message);
        if (name != null) {
            meta.putIfAbsent(StoredMessage.NAME, name);
        }
        List<JobQueue.Kind> jobs = new ArrayList<>(2);
        if (episodic(role, text)) {
            jobs.add(JobQueue.Kind.EPISODE);
        }
        if (extractFacts && role.equals("user") && !text.isBlank()) {
            jobs.add(JobQueue.Kind.EXTRACT);
        }
        return new ConversationDao.NewMessage(role, text, estimator.estimateTokenCountInMessage(message), at, Jdbc.json(meta),
                Messages.rebuildsExactly(message) ? null : ChatMessageSerializer.messageToJson(message), jobs);
    }

    /** Every message of the conversation, oldest first, including those a ChatMemoryStore caller evicted. */
    public List<StoredMessage> messages(Scope scope, UUID conversationId) {
        return jdbc.read("reading conversation " + conversationId, c ->
                ConversationDao.owned(c, scope, conversationId) ? ConversationDao.messages(c, conversationId, 0, true) : List.of());
    }

    /** The short-term window: the newest messages within {@code windowTokens}, oldest first. */
    public List<StoredMessage> window(Scope scope, UUID conversationId) {
        List<StoredMessage> all = messages(scope, conversationId);
        return all.subList(Window.start(all.stream().map(StoredMessage::tokenCount).toList(), windowTokens), all.size());
    }

    /** The latest rolling summary of the conversation. */
    public Optional<Summary> summary(Scope scope, UUID conversationId) {
        return jdbc.read("reading the summary of conversation " + conversationId, c ->
                ConversationDao.owned(c, scope, conversationId) ? ConversationDao.latestSummary(c, conversationId) : Optional.empty());
    }

    /** Every summary step of the conversation, oldest first. */
    public List<Summary> summaries(Scope scope, UUID conversationId) {
        return jdbc.read("reading the summaries of conversation " + conversationId, c ->
                ConversationDao.owned(c, scope, conversationId) ? ConversationDao.summaries(c, conversationId, false) : List.of());
    }

    public List<RecallHit> recall(Scope scope, String query, int k) {
        return recall(scope, query, recallOptions.withK(k));
    }

    /**
     * The user's long-term items nearest to {@code query}, ranked by similarity, recency and importance (see
     * {@link RecallOptions}). Only {@code scope}'s items are ever considered.
     */
    public List<RecallHit> recall(Scope scope, String query, RecallOptions options) {
        Ensure.notNull(scope, "scope");
        Ensure.notNull(options, "options");
        if (query == null || query.isBlank()) {
            return List.of();
        }
        float[] vector = embedQuery(query);
        boolean hybrid = options.keywordWeight() > 0;
        boolean rerank = hybrid || options.recencyWeight() > 0 || options.importanceWeight() > 0;
        int limit = rerank ? Math.max(options.k() * 4, 40) : options.k();
        List<MemoryKind> kinds = List.copyOf(options.kinds());
        List<String> words = hybrid ? words(query) : List.of();
        ItemDao.Candidates found = jdbc.read("recalling memories of " + scope, c -> ItemDao.candidates(c, scope, vector, words, kinds,
                options.includeSuperseded(), RecallOptions.KEYWORD_MAX_SHARE, RecallOptions.KEYWORD_MIN_COUNT, limit));
        // both sides carry the exact cosine; the keyword side also its keyword score
        Map<Long, ItemDao.Candidate> byId = new java.util.LinkedHashMap<>();
        Map<Long, Double> keywordScore = new HashMap<>();
        double bestKeywordScore = 0;
        for (ItemDao.Candidate cand : found.vector()) {
            byId.putIfAbsent(cand.item().id(), cand);
        }
        for (ItemDao.Candidate cand : found.keyword()) {
            keywordScore.put(cand.item().id(), cand.keywordScore());
            bestKeywordScore = Math.max(bestKeywordScore, cand.keywordScore());
            byId.putIfAbsent(cand.item().id(), cand);
        }
        Instant now = options.asOf() != null ? options.asOf() : clock.instant();
        List<RecallHit> hits = new ArrayList<>(byId.size());
        for (ItemDao.Candidate cand : byId.values()) {
            MemoryItem item = cand.item();
            double relevance = options.relevance(cand.similarity(), keywordScore.getOrDefault(item.id(), 0.0), bestKeywordScore);
            hits.add(new RecallHit(item, cand.similarity(), options.score(relevance, item.importance(), item.validFrom(), now)));
        }
        hits.sort(Comparator.comparingDouble(RecallHit::score).reversed());
        return hits.size() > options.k() ? List.copyOf(hits.subList(0, options.k())) : hits;
    }

    /**
     * The embedding recall searches with for {@code query}. Recall calls it itself; calling it ahead of time only helps
     * when the query embedding model remembers recent texts.
     */
    public float[] embedQuery(String query) {
        return queryEmbeddingModel.embed(queryPrefix + Ensure.notNull(query, "query")).content().vector();
    }

    /** The context for a turn under {@code tokenBudget}, with the builder's recall options. */
    public MemoryContext context(Scope scope, UUID conversationId, String query, int tokenBudget) {
        return context(scope, conversationId, query, tokenBudget, recallOptions);
    }

    /**
     * The context for a turn: recalled items, the rolling summary and the window, never more than {@code tokenBudget}
     * tokens in all. Episodes of messages already in the window are not recalled again.
     */
    public MemoryContext context(Scope scope, UUID conversationId, String query, int tokenBudget, RecallOptions options) {
        Ensure.notNegative(tokenBudget, "tokenBudget");
        ConversationDao.Recent recent = jdbc.read("reading conversation " + conversationId,
                c -> ConversationDao.recent(c, scope, conversationId, tokenBudget, WINDOW_MAX_MESSAGES));
        List<RecallHit> hits = recall(scope, query, options.withK(options.k() + Math.min(recent.messages().size(), 50)));
        return assembler.assemble(tokenBudget, recent.messages(), recent.summary(), hits, options.k());
    }

    /** A LangChain4j {@link ChatMemoryStore} whose memory ids are conversations of {@code scope}. */
    public ChatMemoryStore chatMemoryStore(Scope scope) {
        return new PostgresChatMemoryStore(this, Ensure.notNull(scope, "scope"));
    }

    /** A background worker with default lease and batch size; call {@link MemoryWorker#start()} or drain it. */
    public MemoryWorker worker(String name) {
        return MemoryWorker.builder(this).name(name).build();
    }

    public MemoryWorker.Builder workerBuilder() {
        return MemoryWorker.builder(this);
    }

    /** Show, search, forget and export, for operators and the CLI. */
    public MemoryAdmin admin() {
        return new MemoryAdmin(this);
    }

    /** The embedding dimension, checked against the schema at build time. */
    public int dimension() {
        return dimension;
    }

    /** The escape hatch: the data source this memory writes to. */
    public DataSource dataSource() {
        return jdbc.dataSource();
    }

    float[] embedPassage(String text) {
        return embeddingModel.embed(text).content().vector();
    }

    List<float[]> embedPassages(List<String> texts) {
        List<Embedding> embeddings = embeddingModel.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        return embeddings.stream().map(Embedding::vector).toList();
    }

    /** Distinct lower-case words of letters and digits, safe to join into a to_tsquery expression. */
    static List<String> words(String text) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return List.copyOf(out);
    }

    static boolean episodic(String role, String text) {
        return (role.equals("user") || role.equals("assistant")) && text != null && !text.isBlank();
    }

    private int checkDimension() {
        int column = jdbc.read("checking the memory schema", ItemDao::dimension);
        if (column < 0) {
            throw new DatabaseException("The memory tables are missing (table memory_items not found) — run `./maestro db up`"
                    + " to apply migration V3__memory.sql");
        }
        int model = embeddingModel.dimension();
        if (column != model) {
            throw new MemoryException("Embedding dimension mismatch: memory_items.embedding is vector(" + column + ") but the"
                    + " embedding model " + embeddingModel.modelName() + " produces " + model + " dimensions. Use a " + column
                    + "-dimension model (e.g. bge-small-en-v1.5 or all-MiniLM-L6-v2), or add a migration that changes the column"
                    + " and re-embeds the stored items.");
        }
        return model;
    }

    /** Options of {@link PostgresMemory}; only {@code dataSource} and {@code embeddingModel} are required. */
    public static final class Builder {
        private DataSource dataSource;
        private EmbeddingModel embeddingModel;
        private EmbeddingModel queryEmbeddingModel;
        private ChatModel chatModel;
        private String summaryPrompt;
        private String factPrompt;
        private Boolean extractFacts;
        private TokenCountEstimator estimator;
        private Integer windowTokens;
        private Integer summarizeMinTokens;
        private String queryPrefix;
        private Clock clock;
        private EpisodeFormatter episodeFormatter;
        private Double episodeImportance;
        private Double windowShare;
        private Double summaryShare;
        private RecallOptions recallOptions;

        private Builder() {
        }

        /** A pool on a database migrated with Maestro's migrations (pgvector and V3__memory). */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** Embeds episodes, facts and queries; its dimension must match the schema's vector(384). */
        public Builder embeddingModel(EmbeddingModel embeddingModel) {
            this.embeddingModel = embeddingModel;
            return this;
        }

        /**
         * Embeds queries, when they need other treatment than passages (e.g. a query-instruction view of the same
         * model); defaults to {@code embeddingModel}. {@link #queryPrefix} is applied in front either way.
         */
        public Builder queryEmbeddingModel(EmbeddingModel queryEmbeddingModel) {
            this.queryEmbeddingModel = queryEmbeddingModel;
            return this;
        }

        /** Enables summaries and fact extraction; without one, memory is episodes and window only. */
        public Builder chatModel(ChatModel chatModel) {
            this.chatModel = chatModel;
            return this;
        }

        /** The summary template, with {@code {{summary}}} and {@code {{messages}}} (e.g. prompts' {@code memory.summary}). */
        public Builder summaryPrompt(String summaryPrompt) {
            this.summaryPrompt = summaryPrompt;
            return this;
        }

        /**
         * The fact template, with {@code {{message}}} and {@code {{existing}}}, optionally {@code {{speaker}}},
         * {@code {{date}}} and {@code {{previous}}} (e.g. prompts' {@code memory.facts}).
         */
        public Builder factPrompt(String factPrompt) {
            this.factPrompt = factPrompt;
            return this;
        }

        /** Extract facts from user messages; defaults to true when a chat model is set. */
        public Builder extractFacts(boolean extractFacts) {
            this.extractFacts = extractFacts;
            return this;
        }

        /** Counts tokens; defaults to {@link SimpleTokenCountEstimator}. */
        public Builder tokenCountEstimator(TokenCountEstimator estimator) {
            this.estimator = estimator;
            return this;
        }

        public Builder windowTokens(int windowTokens) {
            this.windowTokens = windowTokens;
            return this;
        }

        public Builder summarizeMinTokens(int summarizeMinTokens) {
            this.summarizeMinTokens = summarizeMinTokens;
            return this;
        }

        /** Prepended to queries (not to passages) before embedding, e.g. {@link #BGE_QUERY_PREFIX}; defaults to none. */
        public Builder queryPrefix(String queryPrefix) {
            this.queryPrefix = queryPrefix;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How turns become episodes; defaults to {@link EpisodeFormatter#speakerAndDate} in UTC, with the previous turn. */
        public Builder episodeFormatter(EpisodeFormatter episodeFormatter) {
            this.episodeFormatter = episodeFormatter;
            return this;
        }

        public Builder episodeImportance(double episodeImportance) {
            this.episodeImportance = episodeImportance;
            return this;
        }

        /** Shares of a context budget the window and the summary may take first (defaults 0.5 and 0.2); recall gets the rest. */
        public Builder contextShares(double windowShare, double summaryShare) {
            this.windowShare = windowShare;
            this.summaryShare = summaryShare;
            return this;
        }

        /** Recall options used by {@link #context(Scope, UUID, String, int)}; defaults to {@link RecallOptions#defaults()}. */
        public Builder recallOptions(RecallOptions recallOptions) {
            this.recallOptions = recallOptions;
            return this;
        }

        /**
         * @throws DatabaseException when the memory tables are missing
         * @throws MemoryException   when the embedding model's dimension differs from the schema's
         */
        public PostgresMemory build() {
            return new PostgresMemory(this);
        }
    }
}
