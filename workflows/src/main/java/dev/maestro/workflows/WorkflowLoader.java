package dev.maestro.workflows;

import dev.maestro.core.ConfigException;
import dev.maestro.core.Ensure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads workflow files (YAML or JSON) and validates them: first against {@link WorkflowSchema}, then the semantic
 * checks (names that must exist, cycles, unreachable steps, CEL that does not compile). Every error is reported at
 * once, sorted by position.
 *
 * <pre>{@code
 * Validated v = new WorkflowLoader(environment).validate(text, "my-flow.yaml");
 * v.errors().forEach(e -> System.err.println(e.format("my-flow.yaml")));
 * Workflow wf = new WorkflowLoader(environment).load(Path.of("my-flow.yaml")); // throws WorkflowException
 * }</pre>
 *
 * @since 0.1
 */
public final class WorkflowLoader {

    private final WorkflowEnvironment environment;

    public WorkflowLoader(WorkflowEnvironment environment) {
        this.environment = Ensure.notNull(environment, "environment");
    }

    /** A workflow as far as it could be read, and every error found in it. */
    public record Validated(Workflow workflow, List<WorkflowError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public Validated validate(String text, String origin) {
        LocatedTree tree = LocatedTree.parse(text);
        List<WorkflowError> errors = new ArrayList<>(tree.errors());
        if (tree.root().isMissingNode()) {
            return new Validated(null, errors);
        }
        if (!tree.root().isObject()) {
            errors.add(new WorkflowError(tree.at(""), "a workflow is a mapping with name and steps, not a " + tree.root().getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT)));
            return new Validated(null, errors);
        }
        errors.addAll(WorkflowSchema.validate(tree));
        WorkflowReader reader = new WorkflowReader(tree);
        Workflow wf = reader.read();
        errors.addAll(reader.errors());
        errors.addAll(new WorkflowValidator(wf, environment, reader::at).validate());
        Collections.sort(errors);
        return new Validated(wf, List.copyOf(new java.util.LinkedHashSet<>(errors)));
    }

    public Validated validate(Path file) {
        return validate(read(file), file.toString());
    }

    /** The workflow in {@code text}; throws {@link WorkflowException} with every error when it does not validate. */
    public Workflow load(String text, String origin) {
        Validated v = validate(text, origin);
        if (!v.ok()) {
            throw new WorkflowException(origin, v.errors());
        }
        return v.workflow();
    }

    public Workflow load(Path file) {
        return load(read(file), file.toString());
    }

    static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Workflow file " + file + " does not exist.");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("Cannot read workflow file " + file + ": " + e.getMessage(), e);
        }
    }
}
