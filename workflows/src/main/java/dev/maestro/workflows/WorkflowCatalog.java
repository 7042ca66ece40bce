package dev.maestro.workflows;

import dev.maestro.core.ConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The workflows a user can run by name: the built-in ones ({@value #BUILT_IN_ROOT}) and every {@code *.yaml},
 * {@code *.yml} and {@code *.json} file of the configured {@code workflows.dir}. Each is validated against the others'
 * names (for sub-workflows); an invalid file is kept with its errors, so {@code list} can show it.
 *
 * @since 0.1
 */
public final class WorkflowCatalog {

    public static final String BUILT_IN_ROOT = "dev/maestro/workflows/builtin/";
    /** The built-in workflows, from design document 003. */
    public static final List<String> BUILT_IN = List.of("feature-implementation", "bug-fix", "refactor", "api-integration", "performance");

    /** A workflow of the catalog: where it came from, and what validating it found. */
    public record Entry(String name, String origin, boolean builtIn, WorkflowLoader.Validated validated) {
    }

    private final Map<String, Entry> entries;
    private final WorkflowEnvironment environment;

    private WorkflowCatalog(Map<String, Entry> entries, WorkflowEnvironment environment) {
        this.entries = entries;
        this.environment = environment;
    }

    /** The built-ins plus the workflows in {@code dir} (null or empty for none); a name may be defined once. */
    public static WorkflowCatalog load(Path dir, WorkflowEnvironment environment) {
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, Boolean> builtIn = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            texts.put(BUILT_IN_ROOT + name + ".yaml", resource(BUILT_IN_ROOT + name + ".yaml"));
            builtIn.put(BUILT_IN_ROOT + name + ".yaml", true);
        }
        for (Path file : files(dir)) {
            texts.put(file.toString(), WorkflowLoader.read(file));
            builtIn.put(file.toString(), false);
        }
        Map<String, String> names = new LinkedHashMap<>();
        texts.forEach((origin, text) -> {
            String name = nameOf(text).orElse(fileName(origin));
            String first = names.putIfAbsent(name, origin);
            if (first != null) {
                throw new ConfigException("Workflow '" + name + "' is defined twice: in " + first + " and in " + origin
                        + "; rename one (the built-in names are " + BUILT_IN + ").");
            }
        });
        WorkflowEnvironment env = environment.withWorkflows(names.keySet());
        WorkflowLoader loader = new WorkflowLoader(env);
        Map<String, Entry> entries = new LinkedHashMap<>();
        names.forEach((name, origin) -> entries.put(name, new Entry(name, origin, builtIn.get(origin), loader.validate(texts.get(origin), origin))));
        return new WorkflowCatalog(entries, env);
    }

    public List<Entry> all() {
        return List.copyOf(entries.values());
    }

    public Optional<Entry> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** The environment with this catalog's workflow names, for validating other files. */
    public WorkflowEnvironment environment() {
        return environment;
    }

    /**
     * A workflow by name or file path, validated; throws {@link WorkflowException} with every error when invalid and
     * a {@link ConfigException} when neither a workflow nor a file has that name.
     */
    public Workflow resolve(String nameOrFile) {
        Entry e = entries.get(nameOrFile);
        WorkflowLoader.Validated v;
        String origin;
        if (e != null) {
            v = e.validated();
            origin = e.origin();
        } else if (Files.isRegularFile(Path.of(nameOrFile))) {
            v = new WorkflowLoader(environment).validate(Path.of(nameOrFile));
            origin = nameOrFile;
        } else {
            throw new ConfigException("No workflow or file named '" + nameOrFile + "'; known workflows: " + entries.keySet()
                    + " (see maestro workflow list).");
        }
        if (!v.ok()) {
            throw new WorkflowException(origin, v.errors());
        }
        return v.workflow();
    }

    private static List<Path> files(Path dir) {
        if (dir == null || dir.toString().isEmpty()) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("workflows.dir " + dir + " is not a directory; fix workflows.dir (MAESTRO_WORKFLOWS_DIR).");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
            }).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("Cannot list workflows.dir " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> nameOf(String text) {
        LocatedTree tree = LocatedTree.parse(text);
        com.fasterxml.jackson.databind.JsonNode name = tree.root().path("name");
        return name.isTextual() ? Optional.of(name.asText()) : Optional.empty();
    }

    private static String fileName(String origin) {
        String n = origin.substring(origin.lastIndexOf('/') + 1);
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String resource(String path) {
        try (InputStream in = WorkflowCatalog.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }
}
