package dev.maestro.workflows;

import dev.maestro.agents.AgentSpec;
import dev.maestro.tools.builtin.BuiltinTools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/** The environment the tests validate against: the built-in workflow agents and tools. */
final class TestEnvironment {

    static final WorkflowEnvironment ENV = new WorkflowEnvironment(
            WorkflowAgents.builtIn().all().stream().map(AgentSpec::name).collect(Collectors.toSet()),
            Set.copyOf(BuiltinTools.NAMES), Set.of("bug-fix"));

    static final WorkflowLoader LOADER = new WorkflowLoader(ENV);

    private TestEnvironment() {
    }

    static String resource(String name) {
        try (InputStream in = TestEnvironment.class.getClassLoader().getResourceAsStream("workflows/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource workflows/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The errors of {@code text} as {@code f:line:col: message} lines. */
    static java.util.List<String> errors(String text) {
        return LOADER.validate(text, "f").errors().stream().map(e -> e.format("f")).toList();
    }
}
