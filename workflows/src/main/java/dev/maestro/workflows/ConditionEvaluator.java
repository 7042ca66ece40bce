package dev.maestro.workflows;

import dev.cel.common.CelValidationException;
import dev.cel.compiler.CelCompiler;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Evaluates a step's CEL condition over the run's values (ints widened to CEL's int64, floats to double). */
final class ConditionEvaluator {

    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final CelCompiler compiler;

    ConditionEvaluator(Collection<String> variables) {
        var b = CelCompilerFactory.standardCelCompilerBuilder();
        variables.forEach(v -> b.addVar(v, SimpleType.DYN));
        this.compiler = b.build();
    }

    boolean holds(String expression, Map<String, Object> values) {
        try {
            Map<String, Object> vars = new HashMap<>();
            values.forEach((k, v) -> vars.put(k, cel(v)));
            Object result = RUNTIME.createProgram(compiler.compile(expression).getAst()).eval(vars);
            if (result instanceof Boolean b) {
                return b;
            }
            throw new WorkflowRunException("condition '" + expression + "' gave " + result + ", not true or false");
        } catch (CelValidationException | CelEvaluationException e) {
            throw new WorkflowRunException("condition '" + expression + "' cannot be evaluated: " + e.getMessage(), e);
        }
    }

    private static Object cel(Object v) {
        return switch (v) {
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Float f -> f.doubleValue();
            case List<?> l -> l.stream().map(ConditionEvaluator::cel).toList();
            case Map<?, ?> m -> {
                Map<Object, Object> out = new HashMap<>();
                m.forEach((k, x) -> out.put(k, cel(x)));
                yield out;
            }
            default -> v;
        };
    }
}
