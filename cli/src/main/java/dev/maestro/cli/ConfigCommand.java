package dev.maestro.cli;

import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.EndpointSettings;
import dev.maestro.core.config.McpServerSettings;
import dev.maestro.core.config.Setting;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.Map;

/** {@code maestro config}: the effective configuration, where each value came from, secrets masked. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the effective configuration (secrets masked) and where each value came from.")
final class ConfigCommand implements Runnable {

    @ParentCommand
    MaestroCommand root;

    @Override
    public void run() {
        AppConfig config = root.context().config();
        PrintStream out = root.context().out();
        int width = 0;
        for (Setting s : Setting.values()) {
            width = Math.max(width, s.key().length());
        }
        for (Map.Entry<Setting, String> e : config.masked().entrySet()) {
            Setting s = e.getKey();
            String value = e.getValue().isEmpty() ? "(empty)" : e.getValue();
            out.printf("%-" + width + "s  %-40s  %s%n", s.key(), value, source(config, s));
        }
        for (McpServerSettings server : config.mcpServers()) {
            out.printf("%-" + width + "s  %s  %s%n", "mcp.servers", server, "maestro.yaml");
        }
        for (EndpointSettings endpoint : config.endpoints()) {
            out.printf("%-" + width + "s  %s  %s%n", "endpoints", endpoint, "maestro.yaml");
        }
    }

    private static String source(AppConfig config, Setting s) {
        return switch (config.source(s)) {
            case DEFAULT -> "default";
            case FILE -> "maestro.yaml";
            case ENV -> "env " + s.env();
            case FLAG -> "--set";
        };
    }
}
