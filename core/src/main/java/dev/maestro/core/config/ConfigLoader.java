package dev.maestro.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.maestro.core.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link AppConfig} from, in rising precedence: defaults, {@code maestro.yaml}, environment variables
 * and {@code --set key=value} flags. Unknown keys anywhere are rejected with the list of valid keys.
 */
public final class ConfigLoader {

    /** Read when neither --config nor MAESTRO_CONFIG names a file. */
    public static final String DEFAULT_FILE = "maestro.yaml";

    private final Map<String, String> env;
    private final Path workingDir;
    private final boolean discoverFile;

    public ConfigLoader(Map<String, String> env, Path workingDir) {
        this(env, workingDir, true);
    }

    private ConfigLoader(Map<String, String> env, Path workingDir, boolean discoverFile) {
        this.env = env;
        this.workingDir = workingDir;
        this.discoverFile = discoverFile;
    }

    /**
     * A loader that reads only the file it is given: neither MAESTRO_CONFIG nor a {@value #DEFAULT_FILE} in the
     * working directory (what a program embedding Maestro expects).
     */
    public static ConfigLoader explicitOnly(Map<String, String> env) {
        return new ConfigLoader(env, Path.of("").toAbsolutePath(), false);
    }

    public static ConfigLoader fromSystem() {
        return new ConfigLoader(System.getenv(), Path.of("").toAbsolutePath());
    }

    /**
     * @param configFile an explicit file (from --config), or null
     * @param flags      {@code key=value} overrides, highest precedence
     */
    public AppConfig load(Path configFile, List<String> flags) {
        Map<Setting, AppConfig.Value> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            values.put(s, new AppConfig.Value(s.defaultValue(), AppConfig.Source.DEFAULT));
        }
        Path file = resolveFile(configFile);
        List<McpServerSettings> mcpServers = new ArrayList<>();
        List<EndpointSettings> endpoints = new ArrayList<>();
        List<PromptExperimentSettings> experiments = new ArrayList<>();
        if (file != null) {
            readYaml(file, mcpServers, endpoints, experiments).forEach((s, v) -> values.put(s, new AppConfig.Value(v, AppConfig.Source.FILE)));
        }
        readEnv().forEach((s, v) -> values.put(s, new AppConfig.Value(v, AppConfig.Source.ENV)));
        readFlags(flags).forEach((s, v) -> values.put(s, new AppConfig.Value(v, AppConfig.Source.FLAG)));
        AppConfig config = new AppConfig(values, mcpServers, endpoints, experiments);
        config.validate();
        return config;
    }

    private Path resolveFile(Path explicit) {
        if (explicit != null) {
            Path p = workingDir.resolve(explicit);
            if (!Files.isRegularFile(p)) {
                throw new ConfigException("Config file " + p + " does not exist; fix --config or create it.");
            }
            return p;
        }
        if (!discoverFile) {
            return null;
        }
        String fromEnv = env.get("MAESTRO_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path p = workingDir.resolve(fromEnv);
            if (!Files.isRegularFile(p)) {
                throw new ConfigException("Config file " + p + " (from MAESTRO_CONFIG) does not exist; fix or unset MAESTRO_CONFIG.");
            }
            return p;
        }
        Path p = workingDir.resolve(DEFAULT_FILE);
        return Files.isRegularFile(p) ? p : null;
    }

    private Map<Setting, String> readYaml(Path file, List<McpServerSettings> mcpServers, List<EndpointSettings> endpoints,
                                          List<PromptExperimentSettings> experiments) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        if (!root.isObject()) {
            throw new ConfigException("Config file " + file + " must hold a mapping of keys to values.");
        }
        // the one list-valued section, written nested (mcp: servers:) or dotted (mcp.servers:)
        JsonNode mcp = root.path("mcp");
        if (mcp.isObject() && mcp.has("servers")) {
            mcpServers.addAll(new McpServersSection(env, file).read(((ObjectNode) mcp).remove("servers")));
        }
        if (root.has(McpServersSection.KEY)) {
            if (!mcpServers.isEmpty()) {
                throw new ConfigException(McpServersSection.KEY + " is declared twice in " + file + " (nested and dotted); keep one.");
            }
            mcpServers.addAll(new McpServersSection(env, file).read(((ObjectNode) root).remove(McpServersSection.KEY)));
        }
        JsonNode prompts = root.path("prompts");
        if (prompts.isObject() && prompts.has("experiments")) {
            experiments.addAll(new PromptExperimentsSection(file).read(((ObjectNode) prompts).remove("experiments")));
        }
        if (root.has(PromptExperimentsSection.KEY)) {
            if (!experiments.isEmpty()) {
                throw new ConfigException(PromptExperimentsSection.KEY + " is declared twice in " + file + " (nested and dotted); keep one.");
            }
            experiments.addAll(new PromptExperimentsSection(file).read(((ObjectNode) root).remove(PromptExperimentsSection.KEY)));
        }
        if (root.has(EndpointsSection.KEY)) {
            endpoints.addAll(new EndpointsSection(env, file).read(((ObjectNode) root).remove(EndpointsSection.KEY)));
        }
        List<String> unknown = new ArrayList<>();
        flatten("", root, file, out, unknown);
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown key(s) " + unknown + " in " + file + ". Valid keys: " + Setting.validKeys()
                    + ", " + McpServersSection.KEY + ", " + EndpointsSection.KEY + ", " + PromptExperimentsSection.KEY + ".");
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Path file, Map<Setting, String> out, List<String> unknown) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key, value, file, out, unknown);
                continue;
            }
            Setting setting = Setting.byKey(key).orElse(null);
            if (setting == null) {
                unknown.add(key);
            } else if (value.isContainerNode()) {
                throw new ConfigException("Key " + key + " in " + file + " must be a single value, not a list.");
            } else {
                out.put(setting, value.isNull() ? "" : value.asText());
            }
        }
    }

    private Map<Setting, String> readEnv() {
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            Setting s = Setting.byEnv(e.getKey()).orElse(null);
            if (s != null) {
                out.put(s, e.getValue());
            } else if (e.getKey().startsWith("MAESTRO_") && !Setting.OTHER_KNOWN_ENV.contains(e.getKey())) {
                unknown.add(e.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            unknown.sort(null);
            List<String> valid = new ArrayList<>();
            for (Setting s : Setting.values()) {
                if (s.env().startsWith("MAESTRO_")) {
                    valid.add(s.env());
                }
            }
            valid.addAll(Setting.OTHER_KNOWN_ENV);
            throw new ConfigException("Unknown environment variable(s) " + unknown + ". Valid MAESTRO_ variables: "
                    + String.join(", ", valid) + ".");
        }
        return out;
    }

    private static Map<Setting, String> readFlags(List<String> flags) {
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        for (String flag : flags == null ? List.<String>of() : flags) {
            int eq = flag.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set expects key=value, got '" + flag + "'. Valid keys: " + Setting.validKeys() + ".");
            }
            String key = flag.substring(0, eq).trim();
            Setting s = Setting.byKey(key).orElseThrow(() -> new ConfigException(
                    "Unknown key '" + key + "' in --set. Valid keys: " + Setting.validKeys() + "."));
            out.put(s, flag.substring(eq + 1));
        }
        return out;
    }
}
