package dev.maestro.agents.routing;

import dev.maestro.core.Ensure;

import java.util.List;

/**
 * One destination a request can be routed to, declared as data.
 *
 * @param name        stable id, the agent's name, e.g. {@code coder}
 * @param description one line for humans, for the LLM classifier's prompt and, embedded, part of the route's centroid in
 *                    the embedding router; may be empty
 * @param examples    utterances that belong here; the embedding router matches against them. A route with neither
 *                    examples nor description is never chosen by the embedding router, only by the LLM classifier or as
 *                    the default
 * @since 0.1
 */
public record Route(String name, String description, List<String> examples) {

    public Route {
        Ensure.notBlank(name, "name");
        description = description == null ? "" : description.strip();
        examples = List.copyOf(Ensure.notNull(examples, "examples"));
        for (int i = 0; i < examples.size(); i++) {
            if (examples.get(i).isBlank()) {
                throw new IllegalArgumentException("Route '" + name + "' has a blank example at index " + i);
            }
        }
    }

    public static Route of(String name, String description, String... examples) {
        return new Route(name, description, List.of(examples));
    }
}
