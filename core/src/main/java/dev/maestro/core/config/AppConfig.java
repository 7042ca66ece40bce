package dev.maestro.core.config;

import dev.maestro.core.ConfigException;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The effective configuration: one value per {@link Setting}, with where it came from.
 * Built by {@link ConfigLoader}; the only place in Maestro that holds raw settings.
 */
public final class AppConfig {

    public static final String MASK = "********";
    private static final Pattern RATE = Pattern.compile("(\\d{1,9})\\s*/\\s*(s|m|h)");

    /** Where a value came from, for {@code maestro config}. */
    public enum Source { DEFAULT, FILE, ENV, FLAG }

    public record Value(String raw, Source source) {
    }

    private final Map<Setting, Value> values;
    private final List<McpServerSettings> mcpServers;
    private final List<EndpointSettings> endpoints;
    private final List<PromptExperimentSettings> promptExperiments;

    AppConfig(Map<Setting, Value> values, List<McpServerSettings> mcpServers) {
        this(values, mcpServers, List.of());
    }

    AppConfig(Map<Setting, Value> values, List<McpServerSettings> mcpServers, List<EndpointSettings> endpoints) {
        this(values, mcpServers, endpoints, List.of());
    }

    AppConfig(Map<Setting, Value> values, List<McpServerSettings> mcpServers, List<EndpointSettings> endpoints,
              List<PromptExperimentSettings> promptExperiments) {
        EnumMap<Setting, Value> copy = new EnumMap<>(Setting.class);
        copy.putAll(values);
        this.values = Collections.unmodifiableMap(copy);
        this.mcpServers = List.copyOf(mcpServers);
        this.endpoints = List.copyOf(endpoints);
        this.promptExperiments = List.copyOf(promptExperiments);
    }

    /** A configuration with defaults overridden by the given settings, for tests and embedding. */
    public static AppConfig of(Map<Setting, String> overrides) {
        EnumMap<Setting, Value> map = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            map.put(s, new Value(s.defaultValue(), Source.DEFAULT));
        }
        overrides.forEach((s, v) -> map.put(s, new Value(v, Source.FLAG)));
        AppConfig config = new AppConfig(map, List.of());
        config.validate();
        return config;
    }

    /** The same settings with these MCP servers (which only {@code maestro.yaml} can declare otherwise). */
    public AppConfig withMcpServers(List<McpServerSettings> servers) {
        return new AppConfig(values, servers, endpoints, promptExperiments);
    }

    /** The same settings with these named endpoints (which only {@code maestro.yaml} can declare otherwise). */
    public AppConfig withEndpoints(List<EndpointSettings> named) {
        return new AppConfig(values, mcpServers, named, promptExperiments);
    }

    /** The same settings with these prompt experiments (which only {@code maestro.yaml} can declare otherwise). */
    public AppConfig withPromptExperiments(List<PromptExperimentSettings> experiments) {
        return new AppConfig(values, mcpServers, endpoints, experiments);
    }

    /** The {@code prompts.experiments} of {@code maestro.yaml}; empty when it declares none. */
    public List<PromptExperimentSettings> promptExperiments() {
        return promptExperiments;
    }

    /** The folder of prompt versions beside the shipped ones ({@code <id>.v<N>.txt}); empty for none. */
    public String promptsDir() {
        return raw(Setting.PROMPTS_DIR).trim();
    }

    /** The {@code endpoints} of {@code maestro.yaml}: named model servers; empty when it declares none. */
    public List<EndpointSettings> endpoints() {
        return endpoints;
    }

    /** The endpoint declared under {@code name}, if any. */
    public java.util.Optional<EndpointSettings> endpoint(String name) {
        return endpoints.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The {@code mcp.servers} of {@code maestro.yaml}; empty when it declares none. */
    public List<McpServerSettings> mcpServers() {
        return mcpServers;
    }

    public String raw(Setting setting) {
        return values.get(setting).raw();
    }

    public Source source(Setting setting) {
        return values.get(setting).source();
    }

    /** Every setting with its value, secrets masked. */
    public Map<Setting, String> masked() {
        Map<Setting, String> out = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            String v = raw(s);
            out.put(s, s.secret() && !v.isEmpty() ? MASK : v);
        }
        return out;
    }

    public Provider provider() {
        return Provider.parse(raw(Setting.PROVIDER), Setting.PROVIDER);
    }

    public String chatModel() {
        String v = raw(Setting.CHAT_MODEL);
        if (!v.isBlank()) {
            return v;
        }
        return provider() == Provider.OPENAI ? "gpt-4o-mini" : "llama3.2";
    }

    public String ollamaBaseUrl() {
        return stripSlash(raw(Setting.OLLAMA_BASE_URL));
    }

    public String openAiBaseUrl() {
        return stripSlash(raw(Setting.OPENAI_BASE_URL));
    }

    public String openAiApiKey() {
        return raw(Setting.OPENAI_API_KEY);
    }

    public EmbeddingProvider embeddingProvider() {
        return EmbeddingProvider.parse(raw(Setting.EMBEDDING_PROVIDER));
    }

    public String embeddingModel() {
        String v = raw(Setting.EMBEDDING_MODEL);
        if (!v.isBlank()) {
            return v;
        }
        return switch (embeddingProvider()) {
            case ONNX -> "bge-small-en-v1.5-q";
            case OLLAMA -> "nomic-embed-text";
            case OPENAI -> "text-embedding-3-small";
        };
    }

    /** Base URL of the configured chat provider. */
    public String chatBaseUrl() {
        return provider() == Provider.OPENAI ? openAiBaseUrl() : ollamaBaseUrl();
    }

    public Duration connectTimeout() {
        return duration(Setting.CONNECT_TIMEOUT);
    }

    public Duration readTimeout() {
        return duration(Setting.READ_TIMEOUT);
    }

    public int maxAttempts() {
        return intValue(Setting.MAX_ATTEMPTS, 1, 20);
    }

    public Duration retryBackoff() {
        return duration(Setting.RETRY_BACKOFF);
    }

    /** The raw {@code chat.fallback} list; providers parse the model references. */
    public String chatFallback() {
        return raw(Setting.CHAT_FALLBACK).trim();
    }

    public int breakerFailureRate() {
        return intValue(Setting.BREAKER_FAILURE_RATE, 1, 100);
    }

    public Duration breakerSlowCall() {
        return duration(Setting.BREAKER_SLOW_CALL);
    }

    public int breakerWindow() {
        return intValue(Setting.BREAKER_WINDOW, 1, 1000);
    }

    public Duration breakerOpenFor() {
        return duration(Setting.BREAKER_OPEN_FOR);
    }

    /** The configured JDBC URL, or empty when Maestro should use (and set up) the local server. */
    public String dbUrl() {
        return raw(Setting.DB_URL).trim();
    }

    public String dbUser() {
        return raw(Setting.DB_USER);
    }

    public String dbPassword() {
        return raw(Setting.DB_PASSWORD);
    }

    public int dbPoolSize() {
        return intValue(Setting.DB_POOL_SIZE, 1, 100);
    }

    public int maxPromptChars() {
        return intValue(Setting.MAX_PROMPT_CHARS, 1, 10_000_000);
    }

    /** The agents file, or empty for the built-in agents. */
    public String agentsFile() {
        return raw(Setting.AGENTS_FILE).trim();
    }

    public boolean review() {
        return bool(Setting.REVIEW);
    }

    public int memoryTokens() {
        return intValue(Setting.MEMORY_TOKENS, 0, 100_000);
    }

    public boolean memoryFacts() {
        return bool(Setting.MEMORY_FACTS);
    }

    public int checkpointsKept() {
        return intValue(Setting.CHECKPOINTS_KEPT, 1, 10_000);
    }

    /** Requests allowed per period, for {@link Setting#SERVER_RATE_LIMIT}; {@code permits == 0} means no limit. */
    public record Rate(int permits, Duration per) {
    }

    /** True when {@code maestro serve} must demand an API key even on a loopback address. */
    public boolean serverAuthRequired() {
        String v = raw(Setting.SERVER_AUTH).trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "auto" -> false;
            case "required" -> true;
            default -> throw invalid(Setting.SERVER_AUTH, v, "auto or required");
        };
    }

    public Rate serverRateLimit() {
        String v = raw(Setting.SERVER_RATE_LIMIT).trim().toLowerCase(Locale.ROOT);
        Matcher m = RATE.matcher(v);
        if (v.equals("0") || v.equals("off")) {
            return new Rate(0, Duration.ofMinutes(1));
        }
        if (!m.matches()) {
            throw invalid(Setting.SERVER_RATE_LIMIT, v, "requests per period such as 120/m, 5/s or 1000/h, or 0 for no limit");
        }
        int permits = Integer.parseInt(m.group(1));
        Duration per = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofMinutes(1);
        };
        return new Rate(permits, per);
    }

    public int serverMaxBodyBytes() {
        return intValue(Setting.SERVER_MAX_BODY_BYTES, 1024, 100_000_000);
    }

    public int serverMaxUploadBytes() {
        return intValue(Setting.SERVER_MAX_UPLOAD_BYTES, 1024, 1_000_000_000);
    }

    public int serverMaxConcurrentRuns() {
        return intValue(Setting.SERVER_MAX_CONCURRENT_RUNS, 1, 100_000);
    }

    /** Where the server keeps uploads: the setting, or {@code ~/.maestro/data}. */
    public java.nio.file.Path serverDataDir() {
        String v = raw(Setting.SERVER_DATA_DIR).trim();
        return v.isEmpty() ? java.nio.file.Path.of(System.getProperty("user.home"), ".maestro", "data") : java.nio.file.Path.of(v);
    }

    public int serverEventsPerRun() {
        return intValue(Setting.SERVER_EVENTS_PER_RUN, 10, 1_000_000);
    }

    public Duration serverEventsRetention() {
        return duration(Setting.SERVER_EVENTS_RETENTION);
    }

    /** The folder the file tools work in, or empty when they are unavailable. */
    public java.util.Optional<java.nio.file.Path> toolsWorkspace() {
        String v = raw(Setting.TOOLS_WORKSPACE).trim();
        return v.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(java.nio.file.Path.of(v).toAbsolutePath().normalize());
    }

    /** Host names {@code http_get} may fetch from (lower case); empty means it is unavailable. */
    public java.util.Set<String> toolsHttpAllow() {
        java.util.Set<String> hosts = new LinkedHashSet<>();
        for (String h : raw(Setting.TOOLS_HTTP_ALLOW).split(",")) {
            String host = h.strip().toLowerCase(Locale.ROOT);
            if (host.isEmpty()) {
                continue;
            }
            if (!host.matches("[a-z0-9.-]+|\\[[0-9a-f:]+]")) {
                throw invalid(Setting.TOOLS_HTTP_ALLOW, raw(Setting.TOOLS_HTTP_ALLOW),
                        "comma-separated host names such as api.github.com or 127.0.0.1 (no scheme, port or path)");
            }
            hosts.add(host);
        }
        return java.util.Collections.unmodifiableSet(hosts);
    }

    public int toolsMaxIterations() {
        return intValue(Setting.TOOLS_MAX_ITERATIONS, 1, 100);
    }

    public Duration toolsCallTimeout() {
        return duration(Setting.TOOLS_CALL_TIMEOUT);
    }

    public Duration toolsTurnBudget() {
        return duration(Setting.TOOLS_TURN_BUDGET);
    }

    public boolean toolsRedactArguments() {
        return bool(Setting.TOOLS_REDACT_ARGUMENTS);
    }

    public boolean cacheEnabled() {
        return bool(Setting.CACHE_ENABLED);
    }

    /** {@code budgeted} or {@code verified}. */
    public String cachePolicy() {
        String v = raw(Setting.CACHE_POLICY).trim().toLowerCase(Locale.ROOT);
        if (!v.equals("budgeted") && !v.equals("verified")) {
            throw invalid(Setting.CACHE_POLICY, v, "budgeted or verified");
        }
        return v;
    }

    public double cacheMaxError() {
        return fraction(Setting.CACHE_MAX_ERROR, 0.0, 1.0, false, "a share between 0 and 1, such as 0.02");
    }

    public double cacheFallbackThreshold() {
        return fraction(Setting.CACHE_FALLBACK_THRESHOLD, -1.0, 2.0, true, "a cosine similarity such as 0.97 (above 1 never reuses without evidence)");
    }

    public Duration cacheTtl() {
        return duration(Setting.CACHE_TTL);
    }

    public int cacheMaxEntries() {
        return intValue(Setting.CACHE_MAX_ENTRIES, 1, 100_000_000);
    }

    public double cacheAnswerMatch() {
        return fraction(Setting.CACHE_ANSWER_MATCH, 0.0, 1.0, true, "a cosine similarity between 0 and 1, such as 0.9");
    }

    /** The folder of user workflows, or empty for only the built-in ones. */
    public String workflowsDir() {
        return raw(Setting.WORKFLOWS_DIR).trim();
    }

    public dev.maestro.core.usage.PriceTable prices() {
        return dev.maestro.core.usage.PriceTable.parse(raw(Setting.COST_PRICES), Setting.COST_PRICES.key());
    }

    /** The daily budgets, on {@code clock} (tests move it to the next day). */
    public dev.maestro.core.usage.Budgets budgets(java.time.Clock clock) {
        long tokens;
        java.math.BigDecimal cost;
        try {
            tokens = Long.parseLong(raw(Setting.BUDGET_DAILY_TOKENS).trim());
            if (tokens < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw invalid(Setting.BUDGET_DAILY_TOKENS, raw(Setting.BUDGET_DAILY_TOKENS), "a whole number of tokens ≥ 0 (0 = no limit)");
        }
        try {
            cost = new java.math.BigDecimal(raw(Setting.BUDGET_DAILY_COST).trim());
            if (cost.signum() < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw invalid(Setting.BUDGET_DAILY_COST, raw(Setting.BUDGET_DAILY_COST), "an amount in USD ≥ 0 such as 5 or 2.50 (0 = no limit)");
        }
        return new dev.maestro.core.usage.Budgets(new dev.maestro.core.usage.Budgets.Limits(tokens, cost),
                dev.maestro.core.usage.Budgets.parseTenants(raw(Setting.BUDGET_TENANTS), Setting.BUDGET_TENANTS.key()), clock);
    }

    /** Parses every typed value once, so a bad value fails at startup and names its key. */
    void validate() {
        provider();
        embeddingProvider();
        connectTimeout();
        readTimeout();
        maxAttempts();
        retryBackoff();
        breakerFailureRate();
        breakerSlowCall();
        breakerWindow();
        breakerOpenFor();
        dbPoolSize();
        maxPromptChars();
        review();
        checkpointsKept();
        serverAuthRequired();
        serverRateLimit();
        serverMaxBodyBytes();
        serverMaxUploadBytes();
        serverMaxConcurrentRuns();
        serverEventsPerRun();
        serverEventsRetention();
        toolsHttpAllow();
        prices();
        budgets(java.time.Clock.systemUTC());
        toolsMaxIterations();
        toolsCallTimeout();
        toolsTurnBudget();
        toolsRedactArguments();
        cacheEnabled();
        cacheMaxError();
        cachePolicy();
        cacheFallbackThreshold();
        cacheTtl();
        cacheMaxEntries();
        cacheAnswerMatch();
        for (Setting url : new Setting[] {Setting.OLLAMA_BASE_URL, Setting.OPENAI_BASE_URL}) {
            String v = raw(url);
            if (!v.startsWith("http://") && !v.startsWith("https://")) {
                throw invalid(url, v, "an http:// or https:// URL");
            }
        }
        String db = dbUrl();
        if (!db.isEmpty() && !db.startsWith("jdbc:postgresql:")) {
            throw invalid(Setting.DB_URL, db, "a JDBC URL such as jdbc:postgresql://host:5432/maestro");
        }
    }

    private Duration duration(Setting s) {
        String v = raw(s).trim();
        return Durations.parse(v, () -> invalid(s, v, "a duration such as 500ms, 10s, 2m or 1h"));
    }

    /** A number in (min, max), or [min, max] when {@code inclusive}. */
    private double fraction(Setting s, double min, double max, boolean inclusive, String expected) {
        String v = raw(s).trim();
        try {
            double d = Double.parseDouble(v);
            boolean in = inclusive ? d >= min && d <= max : d > min && d < max;
            if (!in) {
                throw invalid(s, v, expected);
            }
            return d;
        } catch (NumberFormatException e) {
            throw invalid(s, v, expected);
        }
    }

    private boolean bool(Setting s) {
        String v = raw(s).trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> throw invalid(s, v, "true or false");
        };
    }

    private int intValue(Setting s, int min, int max) {
        String v = raw(s).trim();
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw invalid(s, v, "a whole number from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(s, v, "a whole number from " + min + " to " + max);
        }
    }

    static ConfigException invalid(Setting s, String value, String expected) {
        String shown = s.secret() ? MASK : value;
        return new ConfigException("Invalid value '" + shown + "' for " + s.key() + " (" + s.env() + "): expected " + expected + ".");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "AppConfig" + masked();
    }
}
