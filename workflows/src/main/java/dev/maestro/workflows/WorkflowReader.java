package dev.maestro.workflows;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@link Workflow} model from a located tree. Lenient on purpose: the schema check reports wrong shapes,
 * so a node of the wrong type is read as absent here and the semantic checks still run on the rest.
 */
final class WorkflowReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private final LocatedTree tree;
    /** Problems only reading can see: an on_failure word whose parameters are missing, two actions on one step. */
    private final List<WorkflowError> errors = new ArrayList<>();
    private final Map<Step, String> pointers = new java.util.IdentityHashMap<>();

    WorkflowReader(LocatedTree tree) {
        this.tree = tree;
    }

    List<WorkflowError> errors() {
        return errors;
    }

    /** Where in the file a node of a step is: {@code sub} is a pointer below the step, such as {@code inputs/0}. */
    Location at(Step step, String sub) {
        String p = pointers.get(step);
        return p == null ? step.location() : tree.at(sub.isEmpty() ? p : p + "/" + sub);
    }

    Workflow read() {
        JsonNode root = tree.root();
        Map<String, Workflow.ErrorHandler> handlers = handlers(root.path("error_handlers"));
        List<Step> steps = new ArrayList<>();
        JsonNode stepNodes = root.path("steps");
        for (int i = 0; i < stepNodes.size(); i++) {
            if (stepNodes.get(i).isObject()) {
                steps.add(step(stepNodes.get(i), LocatedTree.child("/steps", i), handlers));
            }
        }
        boolean declared = root.path("inputs").isObject();
        Map<String, Workflow.WorkflowInput> inputs = declared ? declaredInputs(root.path("inputs")) : inferredInputs(steps);
        return new Workflow(text(root, "name"), text(root, "description"), text(root, "category"), inputs, declared, steps,
                groups(root.path("parallel_groups")), duration(root.path("timeout")), handlers,
                actions(root.path("success_actions")), gates(root.path("quality_gates")), rules(root.path("conditions")),
                rollback(root.path("rollback")), tree.at(""));
    }

    /** The names {@code {{name}}} placeholders of a template refer to, in order. */
    static Set<String> placeholders(String template) {
        Set<String> names = new LinkedHashSet<>();
        if (template != null) {
            Matcher m = PLACEHOLDER.matcher(template);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static String render(String template, Map<String, String> values) {
        return PLACEHOLDER.matcher(template).replaceAll(m -> Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
    }

    private Step step(JsonNode n, String at, Map<String, Workflow.ErrorHandler> handlers) {
        String id = text(n, "id");
        Step step = new Step(id, text(n, "name"), action(n, at), strings(n.path("inputs")), strings(n.path("outputs")),
                strings(n.path("depends_on")), text(n, "condition"), duration(n.path("timeout")), risk(n.path("risk")),
                n.path("output_schema").isObject() ? n.get("output_schema") : null, onFailure(n, at, id, handlers),
                n.path("compensate").isTextual() ? ActionRef.parse(n.get("compensate").asText()) : null,
                n.path("parallel").asBoolean(false), n.path("supervised").asBoolean(false), tree.at(at));
        pointers.put(step, at);
        return step;
    }

    private StepAction action(JsonNode n, String at) {
        List<String> given = new ArrayList<>();
        for (String key : List.of("command", "tool", "workflow", "human", "gate")) {
            if (n.has(key)) {
                given.add(key);
            }
        }
        if (given.size() > 1) {
            errors.add(new WorkflowError(tree.at(LocatedTree.child(at, given.get(1))), "step '" + text(n, "id") + "' has "
                    + given.size() + " actions (" + String.join(", ", given) + "); give exactly one"));
        }
        if (given.isEmpty()) {
            errors.add(new WorkflowError(tree.at(at), "step '" + text(n, "id")
                    + "' has no action; give one of command (\"@agent\"), tool, workflow, human or gate"));
            return new StepAction.Missing();
        }
        return switch (given.get(0)) {
            case "command" -> new StepAction.Agent(text(n, "command").replaceFirst("^@", ""), text(n, "prompt"));
            case "tool" -> {
                Map<String, String> args = new LinkedHashMap<>();
                n.path("arguments").properties().forEach(e -> args.put(e.getKey(), e.getValue().asText()));
                yield new StepAction.Tool(text(n, "tool"), args);
            }
            case "workflow" -> new StepAction.SubWorkflow(text(n, "workflow"));
            case "human" -> new StepAction.Human("approval".equals(text(n.path("human"), "type"))
                    ? StepAction.Human.Kind.APPROVAL : StepAction.Human.Kind.INPUT, text(n.path("human"), "message"));
            default -> new StepAction.Gate(text(n.path("gate"), "check"), text(n.path("gate"), "message"));
        };
    }

    private OnFailure onFailure(JsonNode step, String at, String id, Map<String, Workflow.ErrorHandler> handlers) {
        JsonNode n = step.path("on_failure");
        String where = LocatedTree.child(at, "on_failure");
        Integer retryCount = step.path("retry_count").canConvertToInt() ? step.get("retry_count").asInt() : null;
        if (n.isTextual()) {
            Workflow.ErrorHandler h = handlers.get(n.asText());
            return switch (n.asText()) {
                case "retry" -> new OnFailure.Retry(retryCount == null ? OnFailure.DEFAULT_RETRIES : retryCount, OnFailure.DEFAULT_BACKOFF);
                case "fix_and_retry" -> {
                    if (h == null || h.action() == null) {
                        errors.add(new WorkflowError(tree.at(where), "step '" + id + "': on_failure fix_and_retry needs a handler; "
                                + "add error_handlers.fix_and_retry.action or write on_failure: {fix_and_retry: {handler: \"@agent\"}}"));
                        yield new OnFailure.FixAndRetry(null, OnFailure.DEFAULT_FIX_ATTEMPTS);
                    }
                    yield new OnFailure.FixAndRetry(h.action(), h.maxAttempts());
                }
                case "rollback" -> new OnFailure.Rollback("", h == null ? null : h.action(), h != null && h.notifies());
                case "escalate" -> new OnFailure.Escalate(h == null || h.message() == null
                        ? "Step '" + id + "' failed. Manual intervention required." : h.message());
                case "continue" -> new OnFailure.Continue();
                default -> new OnFailure.Abort();
            };
        }
        if (n.isObject() && n.size() == 1) {
            String policy = n.fieldNames().next();
            JsonNode p = n.get(policy);
            return switch (policy) {
                case "retry" -> new OnFailure.Retry(p.path("count").canConvertToInt() ? p.get("count").asInt()
                        : retryCount == null ? OnFailure.DEFAULT_RETRIES : retryCount,
                        p.has("backoff") ? duration(p.get("backoff")) : OnFailure.DEFAULT_BACKOFF);
                case "fix_and_retry" -> new OnFailure.FixAndRetry(p.path("handler").isTextual() ? ActionRef.parse(p.get("handler").asText())
                        : handlers.containsKey("fix_and_retry") ? handlers.get("fix_and_retry").action() : null,
                        p.path("max_attempts").asInt(OnFailure.DEFAULT_FIX_ATTEMPTS));
                case "rollback" -> new OnFailure.Rollback(text(p, "to"),
                        p.path("action").isTextual() ? ActionRef.parse(p.get("action").asText()) : null, p.path("notify").asBoolean(false));
                case "escalate" -> new OnFailure.Escalate(text(p, "message"));
                case "continue" -> new OnFailure.Continue();
                default -> new OnFailure.Abort();
            };
        }
        return new OnFailure.Abort();
    }

    private Map<String, Workflow.ErrorHandler> handlers(JsonNode n) {
        Map<String, Workflow.ErrorHandler> handlers = new LinkedHashMap<>();
        n.properties().forEach(e -> {
            JsonNode h = e.getValue();
            handlers.put(e.getKey(), new Workflow.ErrorHandler(e.getKey(),
                    h.path("action").isTextual() ? ActionRef.parse(h.get("action").asText()) : null, h.path("notify").asBoolean(false),
                    h.path("max_attempts").asInt(OnFailure.DEFAULT_FIX_ATTEMPTS), h.path("message").isTextual() ? h.get("message").asText() : null,
                    tree.at(LocatedTree.child("/error_handlers", e.getKey()))));
        });
        return handlers;
    }

    private Map<String, Workflow.WorkflowInput> declaredInputs(JsonNode n) {
        Map<String, Workflow.WorkflowInput> inputs = new LinkedHashMap<>();
        n.properties().forEach(e -> {
            JsonNode v = e.getValue();
            String def = v.has("default") && v.get("default").isValueNode() ? v.get("default").asText() : null;
            inputs.put(e.getKey(), new Workflow.WorkflowInput(e.getKey(), text(v, "description"),
                    v.path("required").asBoolean(def == null), def, tree.at(LocatedTree.child("/inputs", e.getKey()))));
        });
        return inputs;
    }

    /** Without an inputs block, what the steps read and no step writes is what a run must be given. */
    private Map<String, Workflow.WorkflowInput> inferredInputs(List<Step> steps) {
        Set<String> produced = new LinkedHashSet<>();
        steps.forEach(s -> produced.addAll(s.outputs()));
        Map<String, Workflow.WorkflowInput> inputs = new LinkedHashMap<>();
        for (Step s : steps) {
            for (String in : s.inputs()) {
                if (!produced.contains(in)) {
                    inputs.putIfAbsent(in, new Workflow.WorkflowInput(in, "", true, null, s.location()));
                }
            }
        }
        return inputs;
    }

    private List<Workflow.ParallelGroup> groups(JsonNode n) {
        List<Workflow.ParallelGroup> groups = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode g = n.get(i);
            List<String> steps = strings(g.path("steps"));
            groups.add(new Workflow.ParallelGroup(text(g, "group"), steps, Math.max(1, g.path("max_parallel").asInt(steps.size())),
                    tree.at(LocatedTree.child("/parallel_groups", i))));
        }
        return groups;
    }

    private List<Workflow.QualityGate> gates(JsonNode n) {
        List<Workflow.QualityGate> gates = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode g = n.get(i);
            gates.add(new Workflow.QualityGate(text(g, "name"), text(g, "check"), text(g, "message"),
                    tree.at(LocatedTree.child(LocatedTree.child("/quality_gates", i), "check"))));
        }
        return gates;
    }

    private List<Workflow.ConditionRule> rules(JsonNode n) {
        List<Workflow.ConditionRule> rules = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode r = n.get(i);
            rules.add(new Workflow.ConditionRule(text(r, "if"), text(r, "then"), tree.at(LocatedTree.child(LocatedTree.child("/conditions", i), "if"))));
        }
        return rules;
    }

    private Workflow.RollbackStrategy rollback(JsonNode n) {
        if (!n.isObject()) {
            return null;
        }
        List<Workflow.Checkpoint> checkpoints = new ArrayList<>();
        JsonNode cps = n.path("checkpoints");
        for (int i = 0; i < cps.size(); i++) {
            JsonNode c = cps.get(i);
            boolean after = c.has("after");
            checkpoints.add(new Workflow.Checkpoint(after, text(c, after ? "after" : "before"),
                    tree.at(LocatedTree.child("/rollback/checkpoints", i))));
        }
        return new Workflow.RollbackStrategy(n.path("strategy").asText("checkpoint"), checkpoints, actions(n.path("cleanup_actions")),
                tree.at("/rollback"));
    }

    private static List<ActionRef> actions(JsonNode n) {
        return strings(n).stream().map(ActionRef::parse).toList();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(e -> {
            if (e.isTextual()) {
                out.add(e.asText());
            }
        });
        return out;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.path(key);
        return v.isValueNode() ? v.asText() : null;
    }

    private static Risk risk(JsonNode n) {
        try {
            return n.isTextual() ? Risk.valueOf(n.asText().toUpperCase(Locale.ROOT)) : Risk.LOW;
        } catch (IllegalArgumentException e) {
            return Risk.LOW;
        }
    }

    static Duration duration(JsonNode n) {
        Matcher m = n.isTextual() ? DURATION.matcher(n.asText().strip()) : null;
        if (m == null || !m.matches()) {
            return null;
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "m" -> Duration.ofMinutes(v);
            case "h" -> Duration.ofHours(v);
            default -> Duration.ofSeconds(v);
        };
    }
}
