package dev.maestro.tools;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.maestro.core.ConfigException;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code @Tool} methods of a user's class, as AI Services users write them: specifications from LangChain4j's
 * {@link ToolSpecifications}, calls through its {@link DefaultToolExecutor} (which converts the JSON arguments to the
 * method's parameter types). The class needs a public no-argument constructor; one instance serves every call.
 *
 * @since 0.1
 */
public final class AnnotatedTools {

    private AnnotatedTools() {
    }

    /** The tools of {@code instance}'s {@code @Tool} methods. */
    public static List<Tool> from(Object instance) {
        Class<?> type = instance.getClass();
        String source = ToolRegistry.CLASS_PREFIX + type.getName();
        List<Tool> tools = new ArrayList<>();
        // getMethods() has no fixed order: sorted by name (then parameter count), so listings and the model's view are stable
        Method[] methods = type.getMethods();
        java.util.Arrays.sort(methods, java.util.Comparator.comparing(Method::getName).thenComparingInt(Method::getParameterCount));
        for (Method m : methods) {
            if (!m.isAnnotationPresent(dev.langchain4j.agent.tool.Tool.class)) {
                continue;
            }
            ToolSpecification spec = ToolSpecifications.toolSpecificationFrom(m);
            Risk risk = m.isAnnotationPresent(Risk.class) ? m.getAnnotation(Risk.class) : type.getAnnotation(Risk.class);
            tools.add(new MethodTool(spec, risk == null ? RiskLevel.WRITE : risk.value(), source, new DefaultToolExecutor(instance, m)));
        }
        if (tools.isEmpty()) {
            throw new ConfigException("Class " + type.getName() + " has no public method annotated with LangChain4j's @Tool.");
        }
        return List.copyOf(tools);
    }

    static ToolSource source(String className, ClassLoader loader) {
        Object instance;
        try {
            instance = Class.forName(className, true, loader).getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ConfigException("Tool class " + className + " is not on the class path; add its jar (or fix the name after class:).", e);
        } catch (NoSuchMethodException e) {
            throw new ConfigException("Tool class " + className + " needs a public no-argument constructor.", e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConfigException("Cannot create tool class " + className + ": " + e, e);
        }
        return ToolSource.of(ToolRegistry.CLASS_PREFIX + className, from(instance));
    }

    private record MethodTool(ToolSpecification specification, RiskLevel risk, String source,
                              DefaultToolExecutor executor) implements Tool {

        @Override
        public String execute(String argumentsJson) {
            ToolExecutionRequest request = ToolExecutionRequest.builder()
                    .id(UUID.randomUUID().toString()).name(specification.name()).arguments(argumentsJson).build();
            ToolExecutionResult result = executor.executeWithContext(request, InvocationContext.builder().build());
            if (result.isError()) {
                throw new ToolException("Tool " + specification.name() + " failed: " + result.resultText());
            }
            return result.resultText();
        }
    }
}
