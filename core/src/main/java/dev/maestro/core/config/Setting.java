package dev.maestro.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every configuration key Maestro knows: its {@code maestro.yaml} key, its environment variable and its default.
 * The README's configuration table mirrors this enum.
 */
public enum Setting {
    PROVIDER("provider", "MAESTRO_PROVIDER", "ollama", false, "Chat provider: ollama or openai (any OpenAI-compatible server)"),
    CHAT_MODEL("chat.model", "MAESTRO_CHAT_MODEL", "", false, "Chat model name; empty means llama3.2 on Ollama, gpt-4o-mini on OpenAI"),
    OLLAMA_BASE_URL("ollama.base-url", "MAESTRO_OLLAMA_BASE_URL", "http://localhost:11434", false, "Ollama server"),
    OPENAI_BASE_URL("openai.base-url", "MAESTRO_OPENAI_BASE_URL", "https://api.openai.com/v1", false, "OpenAI or compatible server, including /v1"),
    OPENAI_API_KEY("openai.api-key", "OPENAI_API_KEY", "", true, "API key for the OpenAI-compatible server"),
    EMBEDDING_PROVIDER("embedding.provider", "MAESTRO_EMBEDDING_PROVIDER", "onnx", false, "Embeddings: onnx (in-process bge-small-en-v1.5, quantized), ollama or openai"),
    EMBEDDING_MODEL("embedding.model", "MAESTRO_EMBEDDING_MODEL", "", false, "Embedding model; empty means bge-small-en-v1.5-q, nomic-embed-text on Ollama, text-embedding-3-small on OpenAI"),
    CONNECT_TIMEOUT("provider.connect-timeout", "MAESTRO_CONNECT_TIMEOUT", "10s", false, "Connect timeout for every provider call"),
    READ_TIMEOUT("provider.read-timeout", "MAESTRO_READ_TIMEOUT", "120s", false, "Read timeout (time to the response headers) for every provider call"),
    MAX_ATTEMPTS("provider.max-attempts", "MAESTRO_MAX_ATTEMPTS", "3", false, "Attempts per provider call on 429, 5xx and connection errors (1 = no retry)"),
    RETRY_BACKOFF("provider.retry-backoff", "MAESTRO_RETRY_BACKOFF", "500ms", false, "First retry delay; doubles per attempt; a Retry-After header wins"),
    CHAT_FALLBACK("chat.fallback", "MAESTRO_CHAT_FALLBACK", "", false, "Models tried in order when an agent's own model fails before its first token (connection error, timeout, 5xx, 429 after retries), e.g. ollama:llama3.2, openai:gpt-4o-mini"),
    BREAKER_FAILURE_RATE("provider.breaker.failure-rate", "MAESTRO_BREAKER_FAILURE_RATE", "50", false, "Percent of failed calls among the last provider.breaker.window calls that opens a model's circuit breaker"),
    BREAKER_SLOW_CALL("provider.breaker.slow-call", "MAESTRO_BREAKER_SLOW_CALL", "60s", false, "A call slower than this counts as slow; a window of only slow calls opens the breaker"),
    BREAKER_WINDOW("provider.breaker.window", "MAESTRO_BREAKER_WINDOW", "10", false, "Calls a breaker judges (at least 5 before it may open, or the window when smaller)"),
    BREAKER_OPEN_FOR("provider.breaker.open-for", "MAESTRO_BREAKER_OPEN_FOR", "30s", false, "How long an open breaker skips its model before one probe call may try it again"),
    DB_URL("db.url", "MAESTRO_DB_URL", "", false, "JDBC URL; empty means the local server, database maestro"),
    DB_USER("db.user", "MAESTRO_DB_USER", "postgres", false, "Database user"),
    DB_PASSWORD("db.password", "MAESTRO_DB_PASSWORD", "", true, "Database password"),
    DB_POOL_SIZE("db.pool-size", "MAESTRO_DB_POOL_SIZE", "4", false, "Maximum database connections"),
    MAX_PROMPT_CHARS("prompt.max-chars", "MAESTRO_MAX_PROMPT_CHARS", "32000", false, "Longest accepted prompt, in characters"),
    PROMPTS_DIR("prompts.dir", "MAESTRO_PROMPTS_DIR", "", false, "Folder of prompt versions <id>.v<N>.txt beside the shipped ones (a number already shipped is an error: versions are never edited in place), e.g. for prompts.experiments; empty means only the shipped prompts"),
    AGENTS_FILE("agents.file", "MAESTRO_AGENTS_FILE", "", false, "YAML file declaring the agents; empty means the built-in general, researcher, coder, planner and reviewer"),
    REVIEW("graph.review", "MAESTRO_REVIEW", "false", false, "Send every answer through the reviewer agent (one retry when it rejects)"),
    MEMORY_TOKENS("memory.context-tokens", "MAESTRO_MEMORY_TOKENS", "1500", false, "Token budget for recalled memory, summary and recent turns in each prompt"),
    MEMORY_FACTS("memory.facts", "MAESTRO_MEMORY_FACTS", "true", false, "Extract long-term facts from each user message with the chat model (in the background)"),
    CHECKPOINTS_KEPT("graph.checkpoints-kept", "MAESTRO_CHECKPOINTS_KEPT", "20", false, "Checkpoints kept per conversation"),
    SERVER_AUTH("server.auth", "MAESTRO_SERVER_AUTH", "auto", false, "API keys for maestro serve: auto (required unless bound to a loopback address) or required"),
    SERVER_RATE_LIMIT("server.rate-limit", "MAESTRO_SERVER_RATE_LIMIT", "120/m", false, "Requests per API key (per client address without a key), e.g. 120/m or 5/s; 0 turns limiting off"),
    SERVER_MAX_BODY_BYTES("server.max-body-bytes", "MAESTRO_SERVER_MAX_BODY_BYTES", "1048576", false, "Largest JSON request body, in bytes"),
    SERVER_MAX_UPLOAD_BYTES("server.max-upload-bytes", "MAESTRO_SERVER_MAX_UPLOAD_BYTES", "26214400", false, "Largest uploaded document, in bytes"),
    SERVER_MAX_CONCURRENT_RUNS("server.max-concurrent-runs", "MAESTRO_SERVER_MAX_CONCURRENT_RUNS", "256", false, "Runs at once; more get 503 with Retry-After"),
    SERVER_DATA_DIR("server.data-dir", "MAESTRO_SERVER_DATA_DIR", "", false, "Where uploaded documents are kept; empty means ~/.maestro/data"),
    SERVER_EVENTS_PER_RUN("server.events-per-run", "MAESTRO_SERVER_EVENTS_PER_RUN", "500", false, "Run events kept per run (consecutive tokens are merged first)"),
    SERVER_EVENTS_RETENTION("server.events-retention", "MAESTRO_SERVER_EVENTS_RETENTION", "168h", false, "How long run events are kept"),
    COST_PRICES("cost.prices", "MAESTRO_COST_PRICES", "", false, "USD per million input/output tokens by model, e.g. gpt-4o-mini=0.15/0.60, llama3.2=0/0; a model without a price has an unknown cost (never 0)"),
    BUDGET_DAILY_TOKENS("budget.daily-tokens", "MAESTRO_BUDGET_DAILY_TOKENS", "0", false, "Tokens each tenant may use per UTC day (0 = no limit); over it, requests get 429 until midnight UTC"),
    BUDGET_DAILY_COST("budget.daily-cost", "MAESTRO_BUDGET_DAILY_COST", "0", false, "USD each tenant may spend per UTC day on priced models (0 = no limit)"),
    BUDGET_TENANTS("budget.tenants", "MAESTRO_BUDGET_TENANTS", "", false, "Per-tenant daily limits that replace the two above, e.g. acme=200000/2.50 (tokens/USD, 0 = no limit)"),
    TOOLS_WORKSPACE("tools.workspace", "MAESTRO_TOOLS_WORKSPACE", "", false, "Folder the file tools (read_file, list_files, write_file) work in; empty means agents cannot declare them"),
    TOOLS_HTTP_ALLOW("tools.http-allow", "MAESTRO_TOOLS_HTTP_ALLOW", "", false, "Comma-separated host names http_get may fetch from (exact names, any port); empty means agents cannot declare it"),
    TOOLS_MAX_ITERATIONS("tools.max-iterations", "MAESTRO_TOOLS_MAX_ITERATIONS", "8", false, "Model calls per turn in the tool loop before the agent must answer"),
    TOOLS_CALL_TIMEOUT("tools.call-timeout", "MAESTRO_TOOLS_CALL_TIMEOUT", "30s", false, "Longest one tool call may run; a call past it returns an error result to the model"),
    TOOLS_TURN_BUDGET("tools.turn-budget", "MAESTRO_TOOLS_TURN_BUDGET", "120s", false, "Total time the tool loop of one turn may take"),
    TOOLS_REDACT_ARGUMENTS("tools.redact-arguments", "MAESTRO_TOOLS_REDACT_ARGUMENTS", "false", false, "Show tool arguments as [redacted] in run events, approval prompts and the console"),
    CACHE_ENABLED("cache.enabled", "MAESTRO_CACHE_ENABLED", "false", false, "Answer repeated and paraphrased questions from the semantic answer cache"),
    CACHE_POLICY("cache.policy", "MAESTRO_CACHE_POLICY", "budgeted", false, "How reuse spends the error bound: budgeted (where reuse is most likely right) or verified (vCache's rule)"),
    CACHE_MAX_ERROR("cache.max-error", "MAESTRO_CACHE_MAX_ERROR", "0.02", false, "The error bound δ: the share of requests that may get a wrong cached answer"),
    CACHE_FALLBACK_THRESHOLD("cache.fallback-threshold", "MAESTRO_CACHE_FALLBACK_THRESHOLD", "0.97", false, "Similarity at which an entry without a learned threshold is reused (above 1: never)"),
    CACHE_TTL("cache.ttl", "MAESTRO_CACHE_TTL", "168h", false, "How long a cached answer lives"),
    CACHE_MAX_ENTRIES("cache.max-entries", "MAESTRO_CACHE_MAX_ENTRIES", "100000", false, "Entries kept; the least recently used go first"),
    CACHE_ANSWER_MATCH("cache.answer-match", "MAESTRO_CACHE_ANSWER_MATCH", "0.9", false, "Cosine similarity at which a fresh answer counts as the same as a cached one when the cache explores"),
    WORKFLOWS_DIR("workflows.dir", "MAESTRO_WORKFLOWS_DIR", "", false, "Folder of your workflows (*.yaml, *.yml, *.json), added to the five built-in ones; empty means only the built-ins");

    /** Environment variables with the MAESTRO_ prefix that are not settings but are still legitimate. */
    static final List<String> OTHER_KNOWN_ENV = List.of("MAESTRO_CONFIG", "MAESTRO_TEST_DB_URL", "MAESTRO_JAVA_OPTS", "MAESTRO_DATASETS", "MAESTRO_PGVECTOR_SRC_SUITE",
            "MAESTRO_MCP_SERVERS_DIR");

    private final String key;
    private final String env;
    private final String defaultValue;
    private final boolean secret;
    private final String description;

    Setting(String key, String env, String defaultValue, boolean secret, String description) {
        this.key = key;
        this.env = env;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String env() {
        return env;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public boolean secret() {
        return secret;
    }

    public String description() {
        return description;
    }

    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    public static Optional<Setting> byEnv(String env) {
        return Arrays.stream(values()).filter(s -> s.env.equals(env)).findFirst();
    }

    public static String validKeys() {
        return String.join(", ", Arrays.stream(values()).map(Setting::key).toList());
    }
}
