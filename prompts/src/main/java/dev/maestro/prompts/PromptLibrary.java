package dev.maestro.prompts;

import dev.maestro.core.Ensure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Versioned prompts shipped as classpath resources {@code dev/maestro/prompts/<id>.v<N>.txt}, and optionally more
 * versions in a folder ({@code prompts.dir}) as files {@code <id>.v<N>.txt}, so new wordings need no rebuild.
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
    private final Path dir;
    private final Map<String, Prompt> cache = new ConcurrentHashMap<>();

    PromptLibrary(ClassLoader loader, String root) {
        this(loader, root, null);
    }

    private PromptLibrary(ClassLoader loader, String root, Path dir) {
        this.loader = loader;
        this.root = root;
        this.dir = dir;
    }

    /** The shipped prompts and the versions in {@code folder}; a version number both have is an error when read. */
    public static PromptLibrary withFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("Prompt folder " + folder.toAbsolutePath() + " (prompts.dir) does not exist or is not a folder");
        }
        return new PromptLibrary(STANDARD.loader, STANDARD.root, folder);
    }

    public static PromptLibrary standard() {
        return STANDARD;
    }

    /** The given version; throws {@link IllegalArgumentException} naming the resource when it is missing. */
    public Prompt get(String id, int version) {
        Ensure.notBlank(id, "id");
        return cache.computeIfAbsent(id + "@" + version, k -> {
            String text = read(resource(id, version));
            Path file = file(id, version);
            if (file != null) {
                if (text != null) {
                    throw new IllegalArgumentException("Prompt " + id + " version " + version + " is shipped already; " + file
                            + " must use a new version number (a wording is never edited in place)");
                }
                text = readFile(file);
            }
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
            if (loader.getResource(resource(id, v)) != null || file(id, v) != null) {
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

    /** The folder's file for this version, or null when there is no folder or no such file. */
    private Path file(String id, int version) {
        if (dir == null) {
            return null;
        }
        Path f = dir.resolve(id + ".v" + version + ".txt");
        return Files.isRegularFile(f) ? f : null;
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read prompt file " + file, e);
        }
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
