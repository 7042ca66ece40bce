package dev.maestro.server;

import dev.maestro.graph.RunEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's events as they will be stored: consecutive tokens of one agent merged into one event, at most
 * {@code limit} events (later ones are counted, not kept). Thread-safe: events arrive on several threads.
 */
final class EventLog {

    private final int limit;
    private final List<RunEvent> events = new ArrayList<>();
    private int dropped;

    EventLog(int limit) {
        this.limit = limit;
    }

    synchronized void add(RunEvent event) {
        if (event.type() == RunEvent.Type.TOKEN && !events.isEmpty()) {
            RunEvent last = events.getLast();
            if (last.type() == RunEvent.Type.TOKEN && last.node().equals(event.node())) {
                Map<String, Object> merged = new HashMap<>(last.data());
                merged.put("text", last.text("text") + event.text("text"));
                events.set(events.size() - 1, new RunEvent(RunEvent.Type.TOKEN, last.node(), last.atMs(), merged));
                return;
            }
        }
        if (events.size() >= limit) {
            dropped++;
            return;
        }
        events.add(event);
    }

    synchronized List<RunEvent> events() {
        return List.copyOf(events);
    }

    synchronized int dropped() {
        return dropped;
    }
}
