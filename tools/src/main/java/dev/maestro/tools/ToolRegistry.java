package dev.maestro.tools;

import dev.maestro.core.ConfigException;
import dev.maestro.core.Ensure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every tool source Maestro knows, and the resolution of an agent's {@code tools:} entries against them:
 * <ul>
 *   <li>{@code calculator} — a built-in (or any tool registered under its plain name);</li>
 *   <li>{@code class:com.acme.OrderTools} — every {@code @Tool} method of that class, loaded on first use;</li>
 *   <li>{@code mcp:github.search_issues}, {@code mcp:github.*}, {@code mcp:*} — tools of MCP servers, named
 *       {@code server.tool}, by name or glob ({@code *} matches any run of characters).</li>
 * </ul>
 * {@code retrieval} is not a tool here: it is the agent's pre-answer retrieval, handled by the agent layer.
 *
 * @since 0.1
 */
public final class ToolRegistry {

    public static final String CLASS_PREFIX = "class:";
    public static final String MCP_PREFIX = "mcp:";

    private final Map<String, ToolSource> sources;
    private final ClassLoader classLoader;

    private ToolRegistry(Builder builder) {
        this.sources = new LinkedHashMap<>(builder.sources);
        this.classLoader = builder.classLoader == null ? ToolRegistry.class.getClassLoader() : builder.classLoader;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The tools {@code entries} allow, resolved lazily (see {@link ToolBox}); an entry that matches nothing fails then. */
    public ToolBox box(String agent, List<String> entries) {
        List<String> copy = List.copyOf(entries);
        if (copy.isEmpty()) {
            return ToolBox.EMPTY;
        }
        return ToolBox.lazy(() -> resolve(agent, copy));
    }

    /** Resolves {@code entries} now, starting the MCP servers they name. */
    public List<Tool> resolve(String agent, List<String> entries) {
        Set<Tool> tools = new LinkedHashSet<>();
        for (String entry : entries) {
            List<Tool> matched = match(entry.strip());
            if (matched.isEmpty()) {
                throw new ConfigException("Agent " + agent + " names tool '" + entry + "', which matches no tool; known: "
                        + known() + ". MCP tools are written mcp:server.tool (globs allowed), @Tool classes class:com.acme.MyTools.");
            }
            tools.addAll(matched);
        }
        return List.copyOf(tools);
    }

    /** Every tool of every source, for listings; starts every MCP server. */
    public List<Tool> all() {
        List<Tool> all = new ArrayList<>();
        sources.values().forEach(s -> all.addAll(s.tools()));
        return all;
    }

    public Set<String> sourceIds() {
        return Set.copyOf(sources.keySet());
    }

    private synchronized List<Tool> match(String entry) {
        if (entry.startsWith(CLASS_PREFIX)) {
            ToolSource source = sources.computeIfAbsent(entry, k -> AnnotatedTools.source(entry.substring(CLASS_PREFIX.length()), classLoader));
            return source.tools();
        }
        if (entry.startsWith(MCP_PREFIX)) {
            String glob = entry.substring(MCP_PREFIX.length());
            Pattern pattern = globPattern(glob);
            String server = glob.contains(".") ? glob.substring(0, glob.indexOf('.')) : glob;
            Pattern serverPattern = globPattern(server);
            List<Tool> out = new ArrayList<>();
            for (ToolSource s : sources.values()) {
                boolean isMcp = s.id().startsWith(MCP_PREFIX);
                // only servers whose name can match are asked, so a narrow entry starts only its own server
                if (isMcp && (serverPattern.matcher(s.id().substring(MCP_PREFIX.length())).matches() || !glob.contains("."))) {
                    s.tools().stream().filter(t -> pattern.matcher(t.name()).matches()).forEach(out::add);
                }
            }
            return out;
        }
        List<Tool> out = new ArrayList<>();
        for (ToolSource s : sources.values()) {
            if (!s.id().startsWith(MCP_PREFIX) && !s.id().startsWith(CLASS_PREFIX)) {
                s.tools().stream().filter(t -> t.name().equals(entry)).forEach(out::add);
            }
        }
        return out;
    }

    private List<String> known() {
        List<String> names = new ArrayList<>();
        for (ToolSource s : sources.values()) {
            if (s.id().startsWith(MCP_PREFIX)) {
                names.add(s.id() + ".*"); // listing its tools would start the server
            } else {
                s.tools().forEach(t -> names.add(t.name()));
            }
        }
        return names;
    }

    static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        String[] parts = glob.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }

    public static final class Builder {
        private final Map<String, ToolSource> sources = new LinkedHashMap<>();
        private ClassLoader classLoader;

        private Builder() {
        }

        public Builder source(ToolSource source) {
            Ensure.notNull(source, "source");
            if (sources.putIfAbsent(source.id(), source) != null) {
                throw new IllegalArgumentException("Tool source " + source.id() + " is registered twice");
            }
            return this;
        }

        /** Tools under their plain names, as built-ins. */
        public Builder tools(Tool... tools) {
            return source(ToolSource.of("builtin" + (sources.containsKey("builtin") ? "-" + sources.size() : ""), List.of(tools)));
        }

        /** Loads {@code class:} entries; defaults to this module's class loader. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
            return this;
        }

        public ToolRegistry build() {
            return new ToolRegistry(this);
        }
    }
}
