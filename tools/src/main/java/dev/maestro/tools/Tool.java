package dev.maestro.tools;

import dev.langchain4j.agent.tool.ToolSpecification;

/**
 * Something an agent may call: a name, a description and a JSON schema for its arguments (a LangChain4j
 * {@link ToolSpecification}, sent to the model as is), a risk level, and the call itself.
 *
 * <p>Implementations only do the work. {@link ToolInvoker} validates the arguments against the schema first, runs
 * the call with a timeout, and turns whatever it throws into an error result for the model.
 *
 * @since 0.1
 */
public interface Tool {

    ToolSpecification specification();

    default String name() {
        return specification().name();
    }

    RiskLevel risk();

    /** Where it comes from, for listings: {@code builtin}, {@code class:<fqcn>} or {@code mcp:<server>}. */
    String source();

    /**
     * Runs the call with arguments already validated against the schema (a JSON object, {@code {}} when there are none)
     * and returns the text the model gets. Throw {@link ToolException} with a message the model can act on.
     */
    String execute(String argumentsJson) throws Exception;

    /** The call on behalf of {@code context}'s conversation; tools that do not care keep this default. */
    default String execute(String argumentsJson, ToolContext context) throws Exception {
        return execute(argumentsJson);
    }
}
