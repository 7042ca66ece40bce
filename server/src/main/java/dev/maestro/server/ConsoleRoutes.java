package dev.maestro.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console at {@code /}: the Vite build of {@code console/} that the Maven build copies to the classpath
 * folder {@code console/} ({@code index.html} plus hashed files under {@code assets/}). When the console was not
 * built (no npm at build time, or {@code -Dconsole.skip=true}), {@code /} answers a short note on how to build it,
 * and registering logs one line saying so.
 */
final class ConsoleRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
    static final String ROOT = "console/";
    /** Hashed asset names only: letters, digits, '.', '_' and '-'; no folders, so no way out of assets/. */
    private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,200}");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"),
            Map.entry("txt", "text/plain; charset=utf-8"));
    private static final String NOT_BUILT = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Maestro</title></head>
            <body style="font-family: sans-serif; background: #161616; color: #f4f4f4; padding: 2rem; max-width: 44rem">
            <h1 style="font-weight: 400">Maestro</h1>
            <p>The web console was not built into this server: the build found no npm, or ran with
            <code>-Dconsole.skip=true</code>. Install Node.js with npm, then run <code>scripts/build-console.sh</code>
            (or <code>mvn -pl app -am install</code>) and restart <code>maestro serve</code>.</p>
            <p>The API is under <code>/api</code>, the OpenAI-compatible endpoint under <code>/v1</code>,
            readiness at <code>/health/ready</code> and metrics at <code>/metrics</code>.</p>
            </body></html>
            """;

    private final ClassLoader loader;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    ConsoleRoutes() {
        this(ConsoleRoutes.class.getClassLoader());
    }

    ConsoleRoutes(ClassLoader loader) {
        this.loader = loader;
    }

    /** True when the console's index.html is on the classpath. */
    boolean built() {
        return loader.getResource(ROOT + "index.html") != null;
    }

    void register(Javalin app) {
        boolean built = built();
        if (!built) {
            LOG.warn("The web console was not built (no npm when the server was built, or -Dconsole.skip=true): "
                    + "/ shows how to build it; install Node.js with npm and run scripts/build-console.sh.");
        }
        app.get("/", ctx -> index(ctx, built));
        app.get("/index.html", ctx -> index(ctx, built));
        app.get("/assets/{file}", this::asset);
    }

    private void index(Context ctx, boolean built) {
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        if (!built) {
            ctx.status(200).contentType(TYPES.get("html")).result(NOT_BUILT);
            return;
        }
        ctx.status(200).contentType(TYPES.get("html")).result(read(ROOT + "index.html"));
    }

    private void asset(Context ctx) {
        String file = ctx.pathParam("file");
        byte[] body = ASSET.matcher(file).matches() ? read(ROOT + "assets/" + file) : null;
        if (body == null) {
            throw new ApiException(404, "not_found", "No console file " + ctx.path() + ".");
        }
        // Vite puts a content hash in every asset name, so an asset never changes.
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.status(200).contentType(contentType(file)).result(body);
    }

    static String contentType(String file) {
        int dot = file.lastIndexOf('.');
        String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private byte[] read(String resource) {
        byte[] cached = cache.get(resource);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            cache.put(resource, bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the console file " + resource + " failed: " + e.getMessage(), e);
        }
    }
}
