package dev.maestro.workflows;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.maestro.agents.AgentSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agents workflow steps call ({@code command: "@context-analyzer"}), declared in {@value #RESOURCE}. Kept apart
 * from the chat agents' {@code AgentCatalog} so that the chat router never routes a request to them.
 *
 * @since 0.1
 */
public final class WorkflowAgents {

    public static final String RESOURCE = "dev/maestro/workflows/agents.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record File(@JsonProperty("agents") List<AgentSpec> agents) {
    }

    private final Map<String, AgentSpec> byName;

    private WorkflowAgents(List<AgentSpec> specs) {
        Map<String, AgentSpec> m = new LinkedHashMap<>();
        for (AgentSpec s : specs) {
            if (m.putIfAbsent(s.name(), s) != null) {
                throw new IllegalStateException("Workflow agent '" + s.name() + "' is declared twice in " + RESOURCE);
            }
        }
        this.byName = java.util.Collections.unmodifiableMap(m);
    }

    public static WorkflowAgents builtIn() {
        try (InputStream in = WorkflowAgents.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE);
            }
            return new WorkflowAgents(YAML.readValue(in, File.class).agents());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    public List<AgentSpec> all() {
        return List.copyOf(byName.values());
    }

    public Optional<AgentSpec> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
