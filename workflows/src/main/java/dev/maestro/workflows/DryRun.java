package dev.maestro.workflows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A workflow's plan as text, in execution order, with each step's inputs resolved against the given run inputs
 * (later outputs shown as placeholders). Makes no model or tool call: nothing here can.
 *
 * @since 0.1
 */
public final class DryRun {

    private final ExecutionPlan plan;
    private final Map<String, String> values;

    private DryRun(ExecutionPlan plan, Map<String, String> values) {
        this.plan = plan;
        this.values = values;
    }

    /** Problems with the run inputs: required ones missing, names the workflow does not take. */
    public static List<String> inputErrors(Workflow wf, Map<String, String> given) {
        List<String> errors = new ArrayList<>();
        wf.inputs().values().stream().filter(i -> i.required() && i.defaultValue() == null && !given.containsKey(i.name()))
                .forEach(i -> errors.add("missing input '" + i.name() + "' (give --input " + i.name() + "=...)"));
        given.keySet().stream().filter(k -> !wf.inputs().containsKey(k))
                .forEach(k -> errors.add("workflow " + wf.name() + " takes no input '" + k + "'; its inputs: " + wf.inputs().keySet()));
        return errors;
    }

    /** The plan of {@code wf} for these run inputs; call {@link #inputErrors} first. */
    public static DryRun of(Workflow wf, Map<String, String> given) {
        Map<String, String> values = new LinkedHashMap<>();
        wf.inputs().values().forEach(i -> {
            String v = given.getOrDefault(i.name(), i.defaultValue());
            if (v != null) {
                values.put(i.name(), v);
            }
        });
        ExecutionPlan plan = ExecutionPlan.of(wf);
        for (Step s : plan.order()) {
            s.outputs().forEach(o -> values.put(o, "<" + o + " from " + s.id() + ">"));
        }
        return new DryRun(plan, values);
    }

    public ExecutionPlan plan() {
        return plan;
    }

    /** The value each input of {@code step} will have: a run input's value, or a placeholder for an earlier output. */
    public Map<String, String> resolvedInputs(Step step) {
        Map<String, String> out = new LinkedHashMap<>();
        step.inputs().forEach(i -> out.put(i, values.getOrDefault(i, "<missing>")));
        return out;
    }

    public String render() {
        Workflow wf = plan.workflow();
        StringBuilder b = new StringBuilder();
        b.append("Workflow ").append(wf.name()).append(wf.description() == null ? "" : ": " + wf.description()).append('\n');
        b.append("Dry run: ").append(wf.steps().size()).append(" steps in ").append(plan.stages().size())
                .append(" stages; no model or tool is called.\n");
        if (wf.timeout() != null) {
            b.append("Timeout: ").append(duration(wf.timeout())).append('\n');
        }
        wf.conditions().stream().filter(r -> Workflow.ABORT_WORKFLOW.equals(r.then()))
                .forEach(r -> b.append("Stops the workflow when: ").append(r.condition()).append('\n'));
        Map<String, String> conditions = plan.conditions();
        int n = 0;
        for (ExecutionPlan.Stage stage : plan.stages()) {
            b.append('\n').append("Stage ").append(stage.number());
            if (stage.group() != null) {
                b.append(" (parallel group ").append(stage.group()).append(", ").append(stage.steps().size()).append(" at once)");
            } else if (stage.steps().size() > 1) {
                b.append(" (").append(stage.steps().size()).append(" steps at once)");
            }
            b.append('\n');
            for (Step s : stage.steps()) {
                step(b, ++n, s, conditions.get(s.id()));
            }
        }
        for (Workflow.QualityGate g : wf.qualityGates()) {
            b.append("\nQuality gate ").append(g.name()).append(": ").append(g.check());
        }
        if (!wf.successActions().isEmpty()) {
            b.append("\nOn success: ").append(wf.successActions().stream().map(ActionRef::toString).collect(Collectors.joining(", ")));
        }
        return b.toString().stripTrailing() + "\n";
    }

    private void step(StringBuilder b, int n, Step s, String condition) {
        b.append(String.format(Locale.ROOT, "  %d. %s%s%n", n, s.id(), s.name() == null ? "" : " — " + s.name()));
        line(b, "action", action(s));
        if (condition != null) {
            line(b, "runs if", condition);
        }
        resolvedInputs(s).forEach((k, v) -> line(b, "input", k + " = " + (v.startsWith("<") ? v : quote(v))));
        if (s.action() instanceof StepAction.Agent a && a.prompt() != null) {
            line(b, "prompt", quote(WorkflowReader.render(a.prompt(), values)));
        }
        if (!s.outputs().isEmpty()) {
            line(b, "outputs", String.join(", ", s.outputs()));
        }
        if (!s.dependsOn().isEmpty()) {
            line(b, "after", String.join(", ", s.dependsOn()));
        }
        if (s.risk() != Risk.LOW || s.supervised()) {
            line(b, "risk", s.risk().name().toLowerCase(Locale.ROOT) + (s.supervised() ? ", supervised" : ""));
        }
        if (s.timeout() != null) {
            line(b, "timeout", duration(s.timeout()));
        }
        line(b, "on failure", describe(s.onFailure()));
        if (s.compensate() != null) {
            line(b, "compensate", s.compensate().toString());
        }
    }

    private String action(Step s) {
        return switch (s.action()) {
            case StepAction.Agent a -> "@" + a.agent();
            case StepAction.Tool t -> "tool " + t.tool() + (t.arguments().isEmpty() ? "" : " " + render(t.arguments()));
            case StepAction.SubWorkflow w -> "workflow " + w.workflow();
            case StepAction.Human h -> "ask a person (" + h.kind().name().toLowerCase(Locale.ROOT) + "): " + quote(h.message());
            case StepAction.Gate g -> "gate " + g.check();
            case StepAction.Missing m -> "(none)";
        };
    }

    private String render(Map<String, String> args) {
        Map<String, String> out = new HashMap<>();
        args.forEach((k, v) -> out.put(k, quote(WorkflowReader.render(v, values))));
        return new java.util.TreeMap<>(out).toString();
    }

    static String describe(OnFailure f) {
        return switch (f) {
            case OnFailure.Abort a -> "abort";
            case OnFailure.Retry r -> "retry up to " + r.count() + " times, backoff " + duration(r.backoff()) + " doubling";
            case OnFailure.FixAndRetry x -> "fix with " + x.handler() + " and retry, up to " + x.maxAttempts() + " attempts";
            case OnFailure.Rollback r -> "roll back to " + (r.to() == null || r.to().isEmpty() ? "the start" : r.to())
                    + (r.action() == null ? "" : ", then " + r.action()) + (r.notifies() ? ", notify" : "");
            case OnFailure.Escalate e -> "escalate: " + quote(e.message());
            case OnFailure.Continue c -> "continue";
        };
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "     %-11s %s%n", label + ":", value));
    }

    private static String quote(String s) {
        String one = s.replace("\n", "\\n");
        return "\"" + (one.length() > 200 ? one.substring(0, 199) + "…" : one) + "\"";
    }

    static String duration(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
