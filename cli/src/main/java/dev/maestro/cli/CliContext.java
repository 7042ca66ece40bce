package dev.maestro.cli;

import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.ConfigLoader;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What every subcommand needs: streams, environment and the configuration built from global options. */
public final class CliContext {

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private Path configFile;
    private List<String> overrides = List.of();
    private boolean verbose;
    private AppConfig config;

    CliContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    void globalOptions(Path configFile, List<String> overrides, boolean verbose) {
        this.configFile = configFile;
        this.overrides = overrides == null ? List.of() : overrides;
        this.verbose = verbose;
    }

    /** The effective configuration, loaded once; throws {@link dev.maestro.core.ConfigException} when invalid. */
    public AppConfig config() {
        if (config == null) {
            config = new ConfigLoader(env, Path.of("").toAbsolutePath()).load(configFile, overrides);
        }
        return config;
    }

    public InputStream in() {
        return in;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Map<String, String> env() {
        return env;
    }

    public boolean verbose() {
        return verbose;
    }
}
