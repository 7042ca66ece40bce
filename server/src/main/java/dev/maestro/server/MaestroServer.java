package dev.maestro.server;

import dev.maestro.core.config.AppConfig;
import dev.maestro.core.ConfigException;
import dev.maestro.core.Ensure;
import dev.maestro.Maestro;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Maestro over HTTP (Javalin on Jetty, virtual threads): the JSON API under {@code /api}, SSE streaming of runs,
 * the OpenAI-compatible {@code /v1}, health at {@code /health/live} and {@code /health/ready}, Prometheus
 * {@code /metrics}.
 *
 * <pre>{@code
 * MaestroServer server = MaestroServer.builder().maestro(maestro).build();
 * server.start("127.0.0.1", 8080);   // port 0 picks a free one: server.port()
 * }</pre>
 *
 * <p>API keys are required when {@code server.auth=required} or when the host is not a loopback address; then
 * {@link #start} refuses to listen while no key exists.
 */
public final class MaestroServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MaestroServer.class);
    private static final String STARTED = "maestro.started";

    private final AppConfig config;
    private final DataSource dataSource;
    private final Maestro maestro;
    private final ServerMetrics metrics;
    private final Health health;
    private final DocumentIngestion ingestion;
    private final ApiKeys keys;
    private Javalin app;
    private Turns turns;
    private Documents documents;
    private ScheduledExecutorService housekeeping;

    private MaestroServer(Builder b) {
        this.maestro = Ensure.notNull(b.maestro, "maestro");
        this.config = b.config == null ? maestro.config() : b.config;
        this.dataSource = maestro.database().dataSource();
        this.metrics = b.metrics == null ? new ServerMetrics() : b.metrics;
        this.health = (b.health == null ? new Health(Health.database(dataSource), Health.provider(config)) : b.health).models(maestro::modelHealth);
        this.metrics.models(maestro::modelHealth);
        this.ingestion = b.ingestion == null ? new RagIngestion(maestro) : b.ingestion;
        this.keys = new ApiKeys(dataSource);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True for 127.0.0.0/8, ::1 and names resolving to them (e.g. localhost). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("Cannot resolve host '" + host + "' to listen on: " + e.getMessage());
        }
    }

    /**
     * Starts listening.
     *
     * @throws ConfigException when keys are required (non-loopback host or server.auth=required) and none exists
     */
    public synchronized MaestroServer start(String host, int port) {
        boolean keysRequired = config.serverAuthRequired() || !isLoopback(host);
        if (keysRequired && keys.activeCount() == 0) {
            throw new ConfigException("Refusing to listen on " + host + " without API keys: "
                    + (isLoopback(host) ? "server.auth is required" : "it is not a loopback address, so anyone who can reach it could run the graph")
                    + ". Create a key with: maestro keys create --tenant NAME (clients send it as Authorization: Bearer <key>), then start again.");
        }
        Runs runs = new Runs(dataSource);
        Conversations conversations = new Conversations(dataSource);
        turns = new Turns(maestro, runs, metrics, config.serverMaxConcurrentRuns(), config.serverEventsPerRun());
        documents = new Documents(dataSource, config.serverDataDir(), ingestion);
        Auth auth = new Auth(keys, keysRequired, new RateLimiter(config.serverRateLimit()), metrics);
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.useVirtualThreads = true;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = Math.max(config.serverMaxBodyBytes(), config.serverMaxUploadBytes());
            cfg.http.disableCompression();
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jetty.multipartConfig.maxFileSize(config.serverMaxUploadBytes(), io.javalin.config.SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(config.serverMaxUploadBytes() + 64L * 1024, io.javalin.config.SizeUnit.BYTES);
        });
        app.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        app.before("/api/*", auth::check);
        app.before("/v1/*", auth::check);
        if (keysRequired) {
            app.before("/metrics", auth::check);
        }
        app.after(ctx -> record(ctx));
        app.exception(Exception.class, ErrorHandler::handle);
        app.error(404, ctx -> {
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json")) {
                ErrorHandler.write(ctx, 404, "not_found", "No endpoint " + ctx.method() + " " + ctx.path() + "; see the README's Server section.");
            }
        });
        app.error(405, ctx -> ErrorHandler.write(ctx, 405, "method_not_allowed", "Method " + ctx.method() + " is not allowed on " + ctx.path() + "."));
        app.get("/health/live", ctx -> ApiRoutes.json(ctx, 200, java.util.Map.of("status", "live")));
        app.get("/health/ready", ctx -> {
            boolean[] ok = new boolean[1];
            var body = health.ready(ok);
            if (!ok[0] && body.path("checks").has("models")) {
                ctx.header("Retry-After", Long.toString(Math.max(1, config.breakerOpenFor().toSeconds())));
            }
            ApiRoutes.json(ctx, ok[0] ? 200 : 503, body);
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        new ApiRoutes(conversations, runs, turns, documents, maestro, metrics, config.serverMaxBodyBytes(), config.serverMaxUploadBytes(),
                config.maxPromptChars()).register(app);
        new OpenAiRoutes(conversations, turns, maestro, metrics, config.serverMaxBodyBytes(), config.maxPromptChars()).register(app);
        new ConsoleRoutes().register(app);
        app.start(host, port);
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maestro-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(() -> prune(runs), 0, 1, TimeUnit.HOURS);
        LOG.info("listening on http://{}:{} (API keys {})", host, port(), keysRequired ? "required" : "optional");
        return this;
    }

    /** The port listened on (the chosen one when started on port 0). */
    public int port() {
        return app.port();
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public ApiKeys keys() {
        return keys;
    }

    /** Javalin underneath, for what the server does not expose. */
    public Javalin unsafe() {
        return app;
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        if (turns != null) {
            turns.close();
        }
        if (documents != null) {
            documents.close();
        }
    }

    private void record(Context ctx) {
        Long started = ctx.attribute(STARTED);
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        if (ctx.status().getCode() == 404 && "*".equals(route)) {
            route = "unmatched";
        }
        long nanos = started == null ? 0 : System.nanoTime() - started;
        metrics.request(ctx.method().name(), route, ctx.status().getCode(), nanos);
        if (LOG.isDebugEnabled()) {
            // path only: never the query string or headers, which may carry a key
            LOG.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.status().getCode(), nanos / 1_000_000);
        }
    }

    private void prune(Runs runs) {
        try {
            int n = runs.prune(config.serverEventsRetention());
            if (n > 0) {
                LOG.info("deleted {} run events older than {}", n, config.serverEventsRetention());
            }
        } catch (RuntimeException e) {
            LOG.warn("deleting old run events failed: {}", e.getMessage());
        }
    }

    public static final class Builder {
        private Maestro maestro;
        private AppConfig config;
        private ServerMetrics metrics;
        private Health health;
        private DocumentIngestion ingestion;

        private Builder() {
        }

        /** What the server serves: its turns, database, ingestion and configuration. */
        public Builder maestro(Maestro maestro) {
            this.maestro = maestro;
            return this;
        }

        /** Server settings to use instead of the Maestro's own configuration (tests vary them per server). */
        public Builder config(AppConfig config) {
            this.config = config;
            return this;
        }

        public Builder metrics(ServerMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /** Readiness checks; defaults to {@code select 1} and an HTTP probe of the configured chat provider. */
        public Builder health(Health health) {
            this.health = health;
            return this;
        }

        /** How uploads are ingested; the Maestro's own ingestion by default. */
        public Builder ingestion(DocumentIngestion ingestion) {
            this.ingestion = ingestion;
            return this;
        }

        public MaestroServer build() {
            return new MaestroServer(this);
        }
    }
}
