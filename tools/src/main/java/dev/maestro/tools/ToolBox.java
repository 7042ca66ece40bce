package dev.maestro.tools;

import dev.langchain4j.agent.tool.ToolSpecification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tools one agent may call. Resolved on first use and then kept, so an agent's MCP servers start when it first
 * needs them, not when Maestro starts; a failed resolution is retried on the next turn.
 *
 * @since 0.1
 */
public final class ToolBox {

    public static final ToolBox EMPTY = of(List.of());

    private final Supplier<List<Tool>> resolver;
    private volatile Map<String, Tool> byName;

    private ToolBox(Supplier<List<Tool>> resolver) {
        this.resolver = resolver;
    }

    public static ToolBox of(List<Tool> tools) {
        List<Tool> copy = List.copyOf(tools);
        return new ToolBox(() -> copy);
    }

    /** A box resolved by {@code resolver} on first use. */
    public static ToolBox lazy(Supplier<List<Tool>> resolver) {
        return new ToolBox(resolver);
    }

    public List<Tool> tools() {
        return List.copyOf(resolved().values());
    }

    public boolean isEmpty() {
        return resolved().isEmpty();
    }

    /** The tool the model asked for, by the name it was sent under or its Maestro name ({@code server.tool}). */
    public Optional<Tool> find(String name) {
        Map<String, Tool> tools = resolved();
        Tool t = tools.get(name);
        if (t != null) {
            return Optional.of(t);
        }
        return tools.values().stream().filter(x -> x.name().equals(name)).findFirst();
    }

    public List<ToolSpecification> specifications() {
        return resolved().values().stream().map(Tool::specification).toList();
    }

    private Map<String, Tool> resolved() {
        Map<String, Tool> current = byName;
        if (current == null) {
            synchronized (this) {
                current = byName;
                if (current == null) {
                    Map<String, Tool> tools = new LinkedHashMap<>();
                    for (Tool t : resolver.get()) {
                        tools.putIfAbsent(t.specification().name(), t);
                    }
                    current = java.util.Collections.unmodifiableMap(tools);
                    byName = current;
                }
            }
        }
        return current;
    }
}
