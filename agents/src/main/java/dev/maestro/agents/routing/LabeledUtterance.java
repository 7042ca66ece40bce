package dev.maestro.agents.routing;

import dev.maestro.core.Ensure;

import java.util.Optional;

/**
 * A held-out utterance for fitting thresholds: its true route, or none when it is out of scope.
 *
 * @since 0.1
 */
public record LabeledUtterance(String text, Optional<String> route) {

    public LabeledUtterance {
        Ensure.notBlank(text, "text");
        Ensure.notNull(route, "route");
    }

    public static LabeledUtterance of(String text, String route) {
        return new LabeledUtterance(text, Optional.of(Ensure.notBlank(route, "route")));
    }

    public static LabeledUtterance outOfScope(String text) {
        return new LabeledUtterance(text, Optional.empty());
    }

    public boolean isOutOfScope() {
        return route.isEmpty();
    }
}
