package dev.maestro.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.Maestro;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** A server on port 0 over a test database and a model stub, with a small HTTP client; logs quiet. */
final class TestServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** One answer agent, so every request goes to it, as with a plain chat model. */
    static final Path GENERAL_ONLY = resource("agents/general-only.yaml");

    static {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }

    final AppConfig config;
    final Maestro maestro;
    final MaestroServer server;
    private final boolean ownsMaestro;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(AppConfig config, Maestro maestro, MaestroServer server, boolean ownsMaestro) {
        this.config = config;
        this.maestro = maestro;
        this.server = server;
        this.ownsMaestro = ownsMaestro;
    }

    /** Settings for the test database and Ollama stub, plus {@code extra}. */
    static AppConfig config(PostgresDatabase db, OllamaStub ollama, Map<Setting, String> extra) {
        Map<Setting, String> s = new EnumMap<>(Setting.class);
        s.put(Setting.DB_URL, db.jdbcUrl());
        s.put(Setting.DB_USER, db.user());
        s.put(Setting.DB_PASSWORD, db.password());
        s.put(Setting.OLLAMA_BASE_URL, ollama == null ? "http://127.0.0.1:9" : ollama.baseUrl());
        s.put(Setting.MAX_ATTEMPTS, "1");
        s.put(Setting.RETRY_BACKOFF, "10ms");
        s.put(Setting.SERVER_RATE_LIMIT, "0");
        try {
            s.put(Setting.SERVER_DATA_DIR, Files.createTempDirectory("maestro-server-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s.putAll(extra);
        return AppConfig.of(s);
    }

    /** Maestro over the configured provider, with only the general agent; state in the test database. */
    static Maestro maestro(AppConfig config, PostgresDatabase db) {
        return maestro(Maestro.builder().config(config), config, db);
    }

    /**
     * {@code builder}, completed with the test database, no background memory worker and, unless the configuration
     * names an agents file, the general agent alone.
     */
    static Maestro maestro(Maestro.Builder builder, AppConfig config, PostgresDatabase db) {
        if (config.agentsFile().isEmpty()) {
            builder.agentsFile(GENERAL_ONLY);
        }
        return builder.dataSource(db.dataSource()).backgroundMemory(false).setupLog(null).build();
    }

    /** A server over a Maestro of its own, closed with it. */
    static TestServer start(AppConfig config, PostgresDatabase db, Maestro maestro, DocumentIngestion ingestion) {
        return start(config, maestro, ingestion, true);
    }

    /** A second server over a Maestro another test server owns. */
    static TestServer startShared(AppConfig config, Maestro maestro) {
        return start(config, maestro, null, false);
    }

    private static TestServer start(AppConfig config, Maestro maestro, DocumentIngestion ingestion, boolean owns) {
        MaestroServer server = MaestroServer.builder().maestro(maestro).config(config).ingestion(ingestion).build().start("127.0.0.1", 0);
        return new TestServer(config, maestro, server, owns);
    }

    static TestServer start(AppConfig config, PostgresDatabase db) {
        return start(config, db, maestro(config, db), null);
    }

    int port() {
        return server.port();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    record Response(int status, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + raw.body(), e);
            }
        }

        String body() {
            return raw.body();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Response get(String path, String key) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET(), key);
    }

    Response post(String path, String body, String key) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), key);
    }

    Response send(HttpRequest.Builder request, String key) {
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a conversation and returns its id. */
    String conversation(String key) {
        Response r = post("/api/conversations", "{\"title\": \"t\"}", key);
        if (r.status() != 201) {
            throw new AssertionError("create conversation: " + r.status() + " " + r.body());
        }
        return r.json().get("id").asText();
    }

    @Override
    public void close() {
        server.close();
        if (ownsMaestro) {
            maestro.close();
        }
    }

    /** Polls {@code condition} every 20 ms until it holds, or fails after {@code timeout}. */
    static void eventually(Duration timeout, java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(java.util.Objects.requireNonNull(TestServer.class.getClassLoader().getResource(name), name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path tempFile(String name, String content) {
        try {
            Path dir = Files.createTempDirectory("maestro-agents");
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
