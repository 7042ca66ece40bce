package dev.maestro.graph;

import dev.maestro.agents.routing.Complexity;
import dev.maestro.agents.routing.IntentRouter;
import dev.maestro.agents.routing.RouteDecision;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A test router: the first keyword found in the request picks the route; "complex" marks complexity; else abstain. */
record KeywordRouter(Map<String, String> keywordToRoute) implements IntentRouter {

    @Override
    public RouteDecision route(String request) {
        String lower = request.toLowerCase(Locale.ROOT);
        Complexity complexity = lower.contains("complex") ? Complexity.COMPLEX : Complexity.SIMPLE;
        for (Map.Entry<String, String> e : keywordToRoute.entrySet()) {
            if (lower.contains(e.getKey())) {
                return new RouteDecision(Optional.of(e.getValue()), 0.9, false, List.of(), complexity, RouteDecision.DecidedBy.EMBEDDING);
            }
        }
        return new RouteDecision(Optional.empty(), 0.2, true, List.of(), complexity, RouteDecision.DecidedBy.NONE);
    }
}
