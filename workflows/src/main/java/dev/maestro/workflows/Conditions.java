package dev.maestro.workflows;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;

import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Compiles the CEL expressions of a workflow (step conditions, gates, condition rules) against its variables: every
 * input and every output, typed {@code dyn} because step outputs are whatever the agents answer.
 */
final class Conditions {

    private final CelCompiler compiler;

    Conditions(Collection<String> variables) {
        CelCompilerBuilder b = CelCompilerFactory.standardCelCompilerBuilder();
        variables.forEach(v -> b.addVar(v, SimpleType.DYN));
        this.compiler = b.build();
    }

    /** The compile errors of {@code expression} as one line, or empty when it compiles. */
    Optional<String> errors(String expression) {
        CelValidationResult r = compiler.compile(expression);
        if (!r.hasError()) {
            return Optional.empty();
        }
        return Optional.of(r.getErrors().stream().map(Conditions::describe).collect(Collectors.joining("; ")));
    }

    /** Whether {@code expression} compiles to the literal {@code false}: what it guards can never run. */
    boolean alwaysFalse(String expression) {
        CelValidationResult r = compiler.compile(expression);
        if (r.hasError()) {
            return false;
        }
        try {
            CelAbstractSyntaxTree ast = r.getAst();
            CelExpr e = ast.getExpr();
            return e.getKind() == CelExpr.ExprKind.Kind.CONSTANT && e.constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE
                    && !e.constant().booleanValue();
        } catch (CelValidationException e) {
            return false;
        }
    }

    private static String describe(CelIssue issue) {
        // CEL's columns are 0-based within the expression
        return issue.getMessage().strip() + " (at column " + (issue.getSourceLocation().getColumn() + 1) + " of the expression)";
    }
}
