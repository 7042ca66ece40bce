/**
 * Tools agents may call, from three sources: built-ins ({@code dev.maestro.tools.builtin}), the user's LangChain4j
 * {@code @Tool} classes ({@link dev.maestro.tools.AnnotatedTools}) and MCP servers ({@code dev.maestro.tools.mcp}).
 *
 * <pre>{@code
 * ToolRegistry registry = ToolRegistry.builder().tools(new CalculatorTool(), new CurrentTimeTool(Clock.systemUTC())).build();
 * ToolBox box = registry.box("coder", List.of("calculator", "mcp:github.*"));
 * ToolResult r = new ToolInvoker().invoke(box.find("calculator").orElseThrow(), "{\"expression\":\"2^10\"}", Duration.ofSeconds(5));
 * }</pre>
 */
package dev.maestro.tools;
