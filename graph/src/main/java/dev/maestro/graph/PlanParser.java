package dev.maestro.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads a planner's reply: JSON {@code {"steps":[{"agent":..,"task":..}]}}, tolerating prose around it. */
final class PlanParser {

    record Step(String agent, String task) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanParser() {
    }

    /** The steps; unknown agents go to {@code fallbackAgent}; an unreadable plan becomes one step with the question. */
    static List<Step> parse(String reply, Set<String> agents, String fallbackAgent, String question) {
        List<Step> steps = new ArrayList<>();
        int start = reply == null ? -1 : reply.indexOf('{');
        int end = reply == null ? -1 : reply.lastIndexOf('}');
        if (start >= 0 && end > start) {
            try {
                JsonNode root = JSON.readTree(reply.substring(start, end + 1));
                for (JsonNode s : root.path("steps")) {
                    String task = s.path("task").asText("").trim();
                    if (task.isEmpty()) {
                        continue;
                    }
                    String agent = s.path("agent").asText("");
                    steps.add(new Step(agents.contains(agent) ? agent : fallbackAgent, task));
                }
            } catch (java.io.IOException e) {
                steps.clear();
            }
        }
        if (steps.isEmpty()) {
            steps.add(new Step(fallbackAgent, question));
        }
        return steps;
    }
}
