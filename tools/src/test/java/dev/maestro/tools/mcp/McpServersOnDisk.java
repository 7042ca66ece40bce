package dev.maestro.tools.mcp;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The npm MCP servers that scripts/mcp-servers.sh installs; missing ones skip the test locally and fail it under CI. */
final class McpServersOnDisk {

    static final Path DIR = Path.of(System.getProperty("maestro.mcp.servers", "../.mcp-servers")).toAbsolutePath().normalize();

    private McpServersOnDisk() {
    }

    static Path everything() {
        return require("server-everything/dist/index.js");
    }

    static Path filesystem() {
        return require("server-filesystem/dist/index.js");
    }

    static List<String> node(Path script, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("node", script.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static Path require(String file) {
        Path p = DIR.resolve("node_modules/@modelcontextprotocol").resolve(file);
        if (!Files.isRegularFile(p)) {
            String message = "MCP server " + p + " is not installed; run bash scripts/mcp-servers.sh (scripts/test.sh does)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        return p;
    }
}
