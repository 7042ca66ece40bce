package dev.maestro.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maestro.core.ConfigException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code mcp.servers}, the one list-valued part of {@code maestro.yaml}. Values may name environment
 * variables as {@code ${NAME}} (so tokens stay out of the file); a variable that is not set is an error naming it.
 */
final class McpServersSection {

    static final String KEY = "mcp.servers";
    private static final Set<String> FIELDS = Set.of("name", "command", "args", "env", "url", "headers", "start-timeout");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private final Map<String, String> env;
    private final Path file;

    McpServersSection(Map<String, String> env, Path file) {
        this.env = env;
        this.file = file;
    }

    List<McpServerSettings> read(JsonNode servers) {
        if (servers == null || servers.isNull()) {
            return List.of();
        }
        if (!servers.isArray()) {
            throw error("must be a list of servers, each with a name and either command (+ args, env) or url (+ headers)");
        }
        List<McpServerSettings> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < servers.size(); i++) {
            McpServerSettings server = server(servers.get(i), i);
            if (!names.add(server.name())) {
                throw error("declares server '" + server.name() + "' twice");
            }
            out.add(server);
        }
        return List.copyOf(out);
    }

    private McpServerSettings server(JsonNode node, int index) {
        String where = "entry " + (index + 1);
        if (!node.isObject()) {
            throw error(where + " must be a mapping with name and command or url");
        }
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw error(where + " has unknown field(s) " + unknown + "; valid fields: " + new java.util.TreeSet<>(FIELDS));
        }
        String name = node.path("name").asText("").strip();
        if (!NAME.matcher(name).matches()) {
            throw error(where + " needs a name of lower-case letters, digits, '-' or '_', starting with a letter (max 32), was '" + name + "'");
        }
        String at = "server '" + name + "'";
        return serverNamed(node, name, at);
    }

    private McpServerSettings serverNamed(JsonNode node, String name, String where) {
        List<String> command = new ArrayList<>();
        JsonNode cmd = node.get("command");
        if (cmd != null && cmd.isArray()) {
            cmd.forEach(part -> command.add(expand(part.asText(), where)));
        } else if (cmd != null && !cmd.isNull()) {
            command.add(expand(cmd.asText(), where));
        }
        JsonNode args = node.get("args");
        if (args != null && !args.isNull()) {
            if (!args.isArray()) {
                throw error(where + ": args must be a list");
            }
            if (command.isEmpty()) {
                throw error(where + ": args given without a command");
            }
            args.forEach(a -> command.add(expand(a.asText(), where)));
        }
        String url = node.path("url").asText("").strip();
        if (command.isEmpty() == url.isEmpty()) {
            throw error(where + " needs exactly one of command (a program speaking MCP over stdio) or url (a streamable-HTTP endpoint)");
        }
        if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
            throw error(where + ": url must start with http:// or https://");
        }
        Map<String, String> envValues = map(node.get("env"), where, "env");
        Map<String, String> headers = map(node.get("headers"), where, "headers");
        if (!url.isEmpty() && !envValues.isEmpty()) {
            throw error(where + ": env applies to a command, not to a url (use headers)");
        }
        if (!command.isEmpty() && !headers.isEmpty()) {
            throw error(where + ": headers apply to a url, not to a command (use env)");
        }
        Duration startTimeout = Durations.parse(node.path("start-timeout").asText("30s"),
                () -> error(where + ": start-timeout must be a duration such as 500ms, 10s or 2m"));
        return new McpServerSettings(name, command, envValues, url, headers, startTimeout);
    }

    private Map<String, String> map(JsonNode node, String where, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw error(where + ": " + field + " must be a mapping of names to values");
        }
        node.properties().forEach(e -> out.put(e.getKey(), expand(e.getValue().asText(), where)));
        return out;
    }

    private String expand(String value, String where) {
        return ConfigVariables.expand(env, value, where, this::error);
    }

    private ConfigException error(String message) {
        return new ConfigException(KEY + " in " + file + " " + message + ".");
    }
}
