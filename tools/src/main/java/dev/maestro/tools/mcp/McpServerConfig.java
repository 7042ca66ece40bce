package dev.maestro.tools.mcp;

import dev.maestro.core.Ensure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One MCP server: either a command started as a child process speaking MCP over stdio, or the URL of a server that
 * speaks streamable HTTP. Environment and header values are treated as secrets: {@link #toString()} and every error
 * show their names only.
 *
 * @param name        unique name, the prefix of its tools ({@code name.tool}): lower-case letters, digits, {@code -} or {@code _}
 * @param command     the program and its arguments (stdio), or empty
 * @param env         extra environment of the process (stdio)
 * @param url         the streamable HTTP endpoint, e.g. {@code http://127.0.0.1:3001/mcp}, or empty
 * @param headers     extra HTTP headers, e.g. {@code Authorization}
 * @param startTimeout how long starting and the MCP handshake may take; defaults to {@link #DEFAULT_START_TIMEOUT}
 * @since 0.1
 */
public record McpServerConfig(String name, List<String> command, Map<String, String> env, String url,
                              Map<String, String> headers, Duration startTimeout) {

    /** Default time to start a server and finish the MCP handshake: 30 s. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final String MASK = "********";

    public McpServerConfig {
        Ensure.notBlank(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("MCP server name '" + name + "' must be lower-case letters, digits, '-' or '_', starting with a letter (max 32)");
        }
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        url = url == null ? "" : url.strip();
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        startTimeout = startTimeout == null ? DEFAULT_START_TIMEOUT : startTimeout;
        if (command.isEmpty() == url.isEmpty()) {
            throw new IllegalArgumentException("MCP server " + name + " needs exactly one of command (stdio) or url (streamable HTTP)");
        }
    }

    public static McpServerConfig stdio(String name, List<String> command, Map<String, String> env) {
        return new McpServerConfig(name, command, env, null, null, null);
    }

    public static McpServerConfig http(String name, String url, Map<String, String> headers) {
        return new McpServerConfig(name, null, null, url, headers, null);
    }

    public McpServerConfig withStartTimeout(Duration timeout) {
        return new McpServerConfig(name, command, env, url, headers, timeout);
    }

    public boolean isStdio() {
        return !command.isEmpty();
    }

    /** Where it runs, for messages: the command line or the URL, never a secret. */
    public String describe() {
        return isStdio() ? "command " + String.join(" ", command) : "url " + url;
    }

    @Override
    public String toString() {
        return "McpServerConfig[name=" + name + ", " + describe() + ", env=" + masked(env) + ", headers=" + masked(headers) + "]";
    }

    private static Map<String, String> masked(Map<String, String> values) {
        Map<String, String> out = new TreeMap<>();
        values.keySet().forEach(k -> out.put(k, MASK));
        return out;
    }
}
