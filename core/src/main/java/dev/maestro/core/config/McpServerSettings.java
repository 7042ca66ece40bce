package dev.maestro.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of {@code mcp.servers} in {@code maestro.yaml}: a command speaking MCP over stdio, or the URL of a
 * streamable-HTTP server. Environment and header values are secrets: {@link #toString()} shows their names only.
 *
 * @param name         the prefix of its tools ({@code name.tool})
 * @param command      the program and its arguments, or empty for a URL
 * @param env          extra environment of the process
 * @param url          the streamable HTTP endpoint, or empty for a command
 * @param headers      extra HTTP headers
 * @param startTimeout how long starting and the MCP handshake may take
 */
public record McpServerSettings(String name, List<String> command, Map<String, String> env, String url,
                                Map<String, String> headers, Duration startTimeout) {

    public McpServerSettings {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        headers = Map.copyOf(headers);
    }

    /** Where it runs, never a secret: the command line or the URL. */
    public String describe() {
        return command.isEmpty() ? url : String.join(" ", command);
    }

    @Override
    public String toString() {
        return "McpServerSettings[name=" + name + ", " + (command.isEmpty() ? "url=" : "command=") + describe()
                + ", env=" + masked(env) + ", headers=" + masked(headers) + ", startTimeout=" + startTimeout + "]";
    }

    static Map<String, String> masked(Map<String, String> values) {
        Map<String, String> out = new TreeMap<>();
        values.keySet().forEach(k -> out.put(k, AppConfig.MASK));
        return out;
    }
}
