package dev.maestro.tools.builtin;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.maestro.tools.RiskLevel;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolException;
import net.objecthunter.exp4j.ExpressionBuilder;

import java.math.BigDecimal;

/**
 * {@code calculator}: evaluates an arithmetic expression with exp4j ({@code + - * / ^ %}, parentheses, functions
 * such as {@code sqrt}, {@code sin}, {@code log}, constants {@code pi} and {@code e}). No variables and no code run.
 */
public final class CalculatorTool implements Tool {

    public static final String NAME = "calculator";
    /** Longest expression accepted, in characters. */
    public static final int MAX_CHARS = 1000;

    private static final ToolSpecification SPEC = ToolSpecification.builder()
            .name(NAME)
            .description("Evaluates an arithmetic expression exactly as written, e.g. (17.5 * 3) / 4 or sqrt(2) ^ 2. "
                    + "Supports + - * / ^ %, parentheses, sqrt, abs, sin, cos, tan, log, log10, exp, floor, ceil, pi, e.")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("expression", "the expression to evaluate")
                    .required("expression")
                    .build())
            .build();

    @Override
    public ToolSpecification specification() {
        return SPEC;
    }

    @Override
    public RiskLevel risk() {
        return RiskLevel.READ;
    }

    @Override
    public String source() {
        return "builtin";
    }

    @Override
    public String execute(String argumentsJson) {
        String expression = Args.parse(argumentsJson).text("expression").strip();
        if (expression.isEmpty() || expression.length() > MAX_CHARS) {
            throw new ToolException("The expression must have 1 to " + MAX_CHARS + " characters.");
        }
        double value;
        try {
            value = new ExpressionBuilder(expression).build().evaluate();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ToolException("Cannot evaluate '" + expression + "': " + e.getMessage());
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new ToolException("'" + expression + "' has no finite value (division by zero or out of range).");
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
