package dev.maestro.agents;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.maestro.agents.routing.Route;
import dev.maestro.core.ConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The declared agents: the built-in list ({@code dev/maestro/agents/agents.yaml}) or a user's YAML file of the
 * same shape. Validates names, roles and tools with messages that name the file and the agent.
 *
 * @since 0.1
 */
public final class AgentCatalog {

    private static final String BUILT_IN = "dev/maestro/agents/agents.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record File(@JsonProperty("agents") List<AgentSpec> agents) {
    }

    private final List<AgentSpec> specs;

    private AgentCatalog(List<AgentSpec> specs, String origin) {
        if (specs == null || specs.isEmpty()) {
            throw new ConfigException("No agents declared in " + origin + "; declare at least one agent with role answer.");
        }
        Set<String> names = new HashSet<>();
        int planners = 0;
        int reviewers = 0;
        for (AgentSpec s : specs) {
            if (!names.add(s.name())) {
                throw new ConfigException("Agent '" + s.name() + "' is declared twice in " + origin + ".");
            }
            planners += s.role() == AgentSpec.Role.PLANNER ? 1 : 0;
            reviewers += s.role() == AgentSpec.Role.REVIEWER ? 1 : 0;
        }
        if (planners > 1 || reviewers > 1) {
            throw new ConfigException(origin + " declares " + planners + " planners and " + reviewers + " reviewers; at most one of each.");
        }
        if (specs.stream().noneMatch(s -> s.role() == AgentSpec.Role.ANSWER)) {
            throw new ConfigException(origin + " declares no agent with role answer; requests would have nowhere to go.");
        }
        this.specs = List.copyOf(specs);
    }

    public static AgentCatalog builtIn() {
        try (InputStream in = AgentCatalog.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + BUILT_IN);
            }
            return new AgentCatalog(YAML.readValue(in, File.class).agents(), "the built-in agents");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + BUILT_IN, e);
        }
    }

    public static AgentCatalog load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Agents file " + file + " does not exist; fix agents.file (MAESTRO_AGENTS_FILE).");
        }
        try {
            return new AgentCatalog(YAML.readValue(file.toFile(), File.class).agents(), file.toString());
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ConfigException("Invalid agents file " + file + ": " + why, e);
        }
    }

    public static AgentCatalog of(List<AgentSpec> specs) {
        return new AgentCatalog(specs, "the given agents");
    }

    public List<AgentSpec> all() {
        return specs;
    }

    /** Agents requests are routed to, in declaration order; the first is the default. */
    public List<AgentSpec> answering() {
        return specs.stream().filter(s -> s.role() == AgentSpec.Role.ANSWER).toList();
    }

    public Optional<AgentSpec> planner() {
        return specs.stream().filter(s -> s.role() == AgentSpec.Role.PLANNER).findFirst();
    }

    public Optional<AgentSpec> reviewer() {
        return specs.stream().filter(s -> s.role() == AgentSpec.Role.REVIEWER).findFirst();
    }

    /** One route per answering agent that has examples. */
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (AgentSpec s : answering()) {
            if (!s.examples().isEmpty()) {
                routes.add(new Route(s.name(), s.description(), s.examples()));
            }
        }
        return routes;
    }
}
