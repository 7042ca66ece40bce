package dev.maestro.graph;

import dev.maestro.agents.routing.ComplexityEstimator;
import dev.maestro.agents.routing.RouteDecision;

import java.util.List;
import java.util.Optional;

/** The decision used when no router is configured: everything goes to one agent. */
final class FixedRoute {

    private FixedRoute() {
    }

    static RouteDecision to(String agent) {
        return new RouteDecision(Optional.of(agent), 1.0, false, List.of(), ComplexityEstimator.standard().estimate(agent),
                RouteDecision.DecidedBy.DEFAULT);
    }
}
