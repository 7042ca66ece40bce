package dev.maestro.prompts;

import dev.maestro.core.Ensure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Versioned prompts shipped as classpath resources {@code dev/maestro/prompts/<id>.v<N>.txt}.
 *
 * <pre>{@code
 * Prompt system = PromptLibrary.standard().latest("general.system");
 * }</pre>
 *
 * @since 0.1
 */
public final class PromptLibrary {

    private static final PromptLibrary STANDARD = new PromptLibrary(PromptLibrary.class.getClassLoader(), "dev/maestro/prompts/");
    private static final int MAX_VERSION = 100;

    private final ClassLoader loader;
    private final String root;
    private final Map<String, Prompt> cache = new ConcurrentHashMap<>();

    PromptLibrary(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root;
    }

    public static PromptLibrary standard() {
        return STANDARD;
    }

    /** The given version; throws {@link IllegalArgumentException} naming the resource when it is missing. */
    public Prompt get(String id, int version) {
        Ensure.notBlank(id, "id");
        return cache.computeIfAbsent(id + "@" + version, k -> {
            String text = read(resource(id, version));
            if (text == null) {
                throw new IllegalArgumentException("No prompt " + id + " version " + version + " (resource " + resource(id, version) + ")");
            }
            return new Prompt(id, version, text.strip());
        });
    }

    /** The highest version present. */
    public Prompt latest(String id) {
        int found = 0;
        for (int v = 1; v <= MAX_VERSION; v++) {
            if (loader.getResource(resource(id, v)) != null) {
                found = v;
            } else if (found > 0) {
                break;
            }
        }
        if (found == 0) {
            throw new IllegalArgumentException("No prompt " + id + " (looked for " + resource(id, 1) + ")");
        }
        return get(id, found);
    }

    private String resource(String id, int version) {
        return root + id + ".v" + version + ".txt";
    }

    private String read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read prompt resource " + resource, e);
        }
    }
}
