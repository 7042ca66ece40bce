package dev.maestro.workflows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The checks a schema cannot make: names that must exist (steps, inputs, agents, tools, workflows, checkpoints),
 * dependency cycles named step by step, unreachable steps, CEL expressions that do not compile, parallel groups whose
 * steps depend on each other. Reports every problem, never only the first.
 */
final class WorkflowValidator {

    private final Workflow wf;
    private final WorkflowEnvironment env;
    private final BiFunction<Step, String, Location> at;
    private final List<WorkflowError> errors = new ArrayList<>();
    private final Map<String, Step> byId = new LinkedHashMap<>();
    private final Map<String, Step> producer = new HashMap<>();

    WorkflowValidator(Workflow wf, WorkflowEnvironment env, BiFunction<Step, String, Location> at) {
        this.wf = wf;
        this.env = env;
        this.at = at;
    }

    List<WorkflowError> validate() {
        indexSteps();
        Conditions cel = new Conditions(variables());
        for (Step s : wf.steps()) {
            checkData(s);
            checkAction(s, cel);
            checkFailurePolicy(s);
            if (s.condition() != null) {
                cel.errors(s.condition()).ifPresent(e -> error(at.apply(s, "condition"),
                        "condition of step '" + s.id() + "' does not compile: " + e));
            }
            if (s.compensate() != null) {
                checkAction(s.compensate(), at.apply(s, "compensate"), "compensate of step '" + s.id() + "'");
            }
        }
        checkWorkflowLevel(cel);
        checkGroups();
        Set<String> inCycle = checkCycles();
        checkReachable(cel, inCycle);
        return errors;
    }

    /** Every step's predecessors: the producers of its inputs, then its depends_on, in order. */
    static Map<String, List<String>> dependencies(Workflow wf) {
        Map<String, String> producer = new HashMap<>();
        wf.steps().forEach(s -> s.outputs().forEach(o -> producer.putIfAbsent(o, s.id())));
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (Step s : wf.steps()) {
            Set<String> d = new LinkedHashSet<>();
            s.inputs().stream().map(producer::get).filter(p -> p != null && !p.equals(s.id())).forEach(d::add);
            d.addAll(s.dependsOn());
            deps.put(s.id(), List.copyOf(d));
        }
        return deps;
    }

    private void indexSteps() {
        for (Step s : wf.steps()) {
            if (s.id() == null) {
                continue;
            }
            Step first = byId.putIfAbsent(s.id(), s);
            if (first != null) {
                error(at.apply(s, "id"), "step id '" + s.id() + "' is used twice (first at " + first.location() + ")");
            }
            for (int i = 0; i < s.outputs().size(); i++) {
                String out = s.outputs().get(i);
                Step other = producer.putIfAbsent(out, s);
                if (other != null && other != s) {
                    error(at.apply(s, "outputs/" + i), "output '" + out + "' of step '" + s.id() + "' is already produced by step '"
                            + other.id() + "'; give it another name");
                }
                if (wf.inputsDeclared() && wf.inputs().containsKey(out)) {
                    error(at.apply(s, "outputs/" + i), "output '" + out + "' of step '" + s.id() + "' has the name of a workflow input");
                }
            }
        }
    }

    private Set<String> variables() {
        Set<String> vars = new LinkedHashSet<>(wf.inputs().keySet());
        wf.steps().forEach(s -> vars.addAll(s.outputs()));
        return vars;
    }

    private void checkData(Step s) {
        for (int i = 0; i < s.inputs().size(); i++) {
            String in = s.inputs().get(i);
            Step p = producer.get(in);
            if (p == s) {
                error(at.apply(s, "inputs/" + i), "step '" + s.id() + "' reads its own output '" + in + "'");
            } else if (p == null && !wf.inputs().containsKey(in)) {
                error(at.apply(s, "inputs/" + i), "step '" + s.id() + "' reads undefined input '" + in
                        + "': no step outputs it and the workflow's inputs do not declare it" + suggestion(in));
            }
        }
        for (int i = 0; i < s.dependsOn().size(); i++) {
            String d = s.dependsOn().get(i);
            if (d.equals(s.id())) {
                error(at.apply(s, "depends_on/" + i), "step '" + s.id() + "' depends on itself");
            } else if (!byId.containsKey(d)) {
                error(at.apply(s, "depends_on/" + i), "step '" + s.id() + "' depends on unknown step '" + d + "'");
            }
        }
    }

    private void checkAction(Step s, Conditions cel) {
        switch (s.action()) {
            case StepAction.Agent a -> {
                checkAgent(a.agent(), at.apply(s, "command"), "step '" + s.id() + "'");
                for (String name : WorkflowReader.placeholders(a.prompt())) {
                    if (!s.inputs().contains(name) && !wf.inputs().containsKey(name)) {
                        error(at.apply(s, "prompt"), "prompt of step '" + s.id() + "' uses {{" + name
                                + "}}, which is neither one of its inputs nor a workflow input");
                    }
                }
            }
            case StepAction.Tool t -> {
                if (t.tool() != null && !env.knowsTool(t.tool())) {
                    error(at.apply(s, "tool"), "step '" + s.id() + "' calls unknown tool '" + t.tool() + "'; known tools: "
                            + new java.util.TreeSet<>(env.tools()) + " and mcp:<server>.<tool>");
                }
            }
            case StepAction.SubWorkflow w -> {
                if (w.workflow() != null && w.workflow().equals(wf.name())) {
                    error(at.apply(s, "workflow"), "step '" + s.id() + "' runs its own workflow '" + w.workflow() + "'");
                } else if (w.workflow() != null && !env.workflows().contains(w.workflow())) {
                    error(at.apply(s, "workflow"), "step '" + s.id() + "' runs unknown workflow '" + w.workflow() + "'");
                }
            }
            case StepAction.Human h -> {
                if (h.kind() == StepAction.Human.Kind.INPUT && s.outputs().isEmpty()) {
                    error(at.apply(s, "human"), "human step '" + s.id() + "' asks for input but declares no output to hold the answer");
                }
            }
            case StepAction.Gate g -> {
                if (g.check() != null) {
                    cel.errors(g.check()).ifPresent(e -> error(at.apply(s, "gate/check"),
                            "gate check of step '" + s.id() + "' does not compile: " + e));
                }
            }
            case StepAction.Missing m -> {
                // reported by the reader
            }
        }
    }

    private void checkFailurePolicy(Step s) {
        Location where = at.apply(s, "on_failure");
        switch (s.onFailure()) {
            case OnFailure.FixAndRetry f when f.handler() != null ->
                    checkAction(f.handler(), where, "fix_and_retry handler of step '" + s.id() + "'");
            case OnFailure.Rollback r -> {
                if (r.to() != null && !r.to().isEmpty() && checkpoints().stream().noneMatch(c -> c.name().equals(r.to()))) {
                    error(where, "step '" + s.id() + "' rolls back to unknown checkpoint '" + r.to() + "'; declared: "
                            + checkpoints().stream().map(Workflow.Checkpoint::name).toList());
                }
                if (r.action() != null) {
                    checkAction(r.action(), where, "rollback action of step '" + s.id() + "'");
                }
            }
            default -> {
            }
        }
    }

    private List<Workflow.Checkpoint> checkpoints() {
        return wf.rollback() == null ? List.of() : wf.rollback().checkpoints();
    }

    private void checkWorkflowLevel(Conditions cel) {
        for (Workflow.ErrorHandler h : wf.errorHandlers().values()) {
            if (h.action() != null) {
                checkAction(h.action(), h.location(), "error handler '" + h.name() + "'");
            }
        }
        for (ActionRef a : wf.successActions()) {
            checkAction(a, wf.location(), "success action");
        }
        for (Workflow.QualityGate g : wf.qualityGates()) {
            if (g.check() != null) {
                cel.errors(g.check()).ifPresent(e -> error(g.location(), "quality gate '" + g.name() + "' does not compile: " + e));
            }
        }
        for (Workflow.ConditionRule r : wf.conditions()) {
            if (r.condition() != null) {
                cel.errors(r.condition()).ifPresent(e -> error(r.location(), "condition '" + r.condition() + "' does not compile: " + e));
            }
            if (r.then() != null && !r.then().equals(Workflow.ABORT_WORKFLOW) && !byId.containsKey(r.then())) {
                error(r.location(), "condition '" + r.condition() + "' names unknown step '" + r.then() + "' (or write "
                        + Workflow.ABORT_WORKFLOW + ")");
            }
        }
        if (wf.rollback() != null) {
            for (Workflow.Checkpoint c : wf.rollback().checkpoints()) {
                if (c.step() != null && !byId.containsKey(c.step())) {
                    error(c.location(), "checkpoint " + c.name() + " names unknown step '" + c.step() + "'");
                }
            }
            wf.rollback().cleanupActions().forEach(a -> checkAction(a, wf.rollback().location(), "cleanup action"));
        }
    }

    private void checkAction(ActionRef a, Location where, String what) {
        switch (a.kind()) {
            case AGENT -> checkAgent(a.value(), where, what);
            case BUILT_IN -> {
                if (!ActionRef.BUILT_INS.contains(a.value())) {
                    error(where, what + " names unknown action '" + a.value() + "'; built-in actions: "
                            + new java.util.TreeSet<>(ActionRef.BUILT_INS) + ", or @agent, or a shell command");
                }
            }
            case SHELL -> {
                // any command line; it runs with the dangerous risk level
            }
        }
    }

    private void checkAgent(String agent, Location where, String what) {
        if (agent != null && !env.agents().contains(agent)) {
            error(where, what + " names unknown agent '@" + agent + "'" + closest(agent, env.agents()));
        }
    }

    private void checkGroups() {
        Map<String, String> groupOf = new HashMap<>();
        Map<String, Set<String>> ancestors = ancestors();
        for (Workflow.ParallelGroup g : wf.parallelGroups()) {
            for (String id : g.steps()) {
                if (!byId.containsKey(id)) {
                    error(g.location(), "parallel group '" + g.name() + "' names unknown step '" + id + "'");
                    continue;
                }
                String other = groupOf.putIfAbsent(id, g.name());
                if (other != null) {
                    error(g.location(), "step '" + id + "' is in parallel groups '" + other + "' and '" + g.name() + "'; a step may be in one");
                }
                for (String peer : g.steps()) {
                    if (!peer.equals(id) && ancestors.getOrDefault(id, Set.of()).contains(peer)) {
                        error(g.location(), "parallel group '" + g.name() + "': step '" + id + "' depends on step '" + peer
                                + "', so they cannot run at once");
                    }
                }
            }
        }
    }

    /** Each cycle once, named step by step from its first declared step; returns the steps on a cycle. */
    private Set<String> checkCycles() {
        Map<String, List<String>> deps = dependencies(wf);
        Set<String> onCycle = new HashSet<>();
        Set<Set<String>> reported = new HashSet<>();
        for (String start : byId.keySet()) {
            List<String> cycle = cycleThrough(start, deps);
            if (!cycle.isEmpty() && reported.add(new HashSet<>(cycle))) {
                onCycle.addAll(cycle);
                List<String> named = new ArrayList<>(cycle);
                named.add(cycle.get(0));
                error(byId.get(start).location(), "dependency cycle: " + String.join(" → ", named));
            }
        }
        return onCycle;
    }

    /**
     * The shortest cycle through {@code start}, in the order the steps would have to run ({@code a, b, c} where b
     * needs a, c needs b and a needs c), or empty.
     */
    private List<String> cycleThrough(String start, Map<String, List<String>> deps) {
        Map<String, String> parent = new HashMap<>();
        java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(start));
        Set<String> seen = new HashSet<>(Set.of(start));
        while (!queue.isEmpty()) {
            String cur = queue.poll();
            for (String dep : deps.getOrDefault(cur, List.of())) {
                if (dep.equals(start)) {
                    // cur, parent(cur), …, start: each needs the one before it in this list, so it is the run order
                    List<String> order = new ArrayList<>();
                    order.add(start);
                    for (String n = cur; n != null && !n.equals(start); n = parent.get(n)) {
                        order.add(n);
                    }
                    return order;
                }
                if (byId.containsKey(dep) && seen.add(dep)) {
                    parent.put(dep, cur);
                    queue.add(dep);
                }
            }
        }
        return List.of();
    }

    private void checkReachable(Conditions cel, Set<String> onCycle) {
        Map<String, List<String>> deps = dependencies(wf);
        Map<String, String> never = new LinkedHashMap<>();
        for (Step s : wf.steps()) {
            if (s.condition() != null && cel.alwaysFalse(s.condition())) {
                never.put(s.id(), "its condition is always false");
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Step s : wf.steps()) {
                if (s.id() == null || never.containsKey(s.id()) || onCycle.contains(s.id())) {
                    continue;
                }
                for (String d : deps.getOrDefault(s.id(), List.of())) {
                    if (onCycle.contains(d)) {
                        never.put(s.id(), "it waits on step '" + d + "', which is on a dependency cycle");
                    } else if (never.containsKey(d)) {
                        never.put(s.id(), "it needs step '" + d + "', which never runs");
                    }
                    if (never.containsKey(s.id())) {
                        changed = true;
                        break;
                    }
                }
            }
        }
        never.forEach((id, why) -> error(byId.get(id).location(), "step '" + id + "' is unreachable: " + why));
    }

    private Map<String, Set<String>> ancestors() {
        Map<String, List<String>> deps = dependencies(wf);
        Map<String, Set<String>> out = new HashMap<>();
        for (String id : byId.keySet()) {
            Set<String> seen = new HashSet<>();
            java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(deps.getOrDefault(id, List.of()));
            while (!todo.isEmpty()) {
                String d = todo.poll();
                if (seen.add(d)) {
                    todo.addAll(deps.getOrDefault(d, List.of()));
                }
            }
            out.put(id, seen);
        }
        return out;
    }

    private String suggestion(String input) {
        return closest(input, variables().stream().filter(v -> !v.equals(input)).collect(java.util.stream.Collectors.toSet()));
    }

    /** "; did you mean 'x'?" for a name within two edits of a known one. */
    private static String closest(String name, Set<String> known) {
        return known.stream().filter(k -> distance(k, name) <= 2).sorted().findFirst().map(k -> "; did you mean '" + k + "'?").orElse("");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    private void error(Location l, String message) {
        errors.add(new WorkflowError(l, message));
    }
}
