package dev.maestro.testkit;

/**
 * A tool call a fake model server answers with.
 *
 * @param id        the call id (OpenAI sends one; Ollama does not, and its stub leaves it out)
 * @param name      the function name
 * @param arguments the arguments as a JSON object text
 * @since 0.1
 */
public record StubToolCall(String id, String name, String arguments) {
}
