package dev.maestro.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The root {@code maestro} command: global options, subcommands, and the single place that maps errors to exit codes. */
@Command(name = "maestro",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "LLM agents on a LangGraph4j graph, with memory and adaptive RAG over PostgreSQL + pgvector.",
        subcommands = {ChatCommand.class, AskCommand.class, ServeCommand.class, IngestCommand.class, GraphCommand.class, MemoryCommand.class,
                DbCommand.class,
                RouteCommand.class, ToolsCommand.class, CacheCommand.class, WorkflowCommand.class, ProvidersCommand.class, PromptsCommand.class, UsageCommand.class, EvalCommand.class, BenchCommand.class, KeysCommand.class, ConfigCommand.class,
                VersionCommand.class},
        footer = {"", "Exit codes: 0 ok, 2 bad usage or configuration, 3 model provider unreachable or failing, 4 database unreachable or not ready."})
public final class MaestroCommand implements Runnable {

    private final CliContext context;
    private Path configFile;
    private final List<String> overrides = new ArrayList<>();
    private boolean verbose;

    MaestroCommand(CliContext context) {
        this.context = context;
    }

    @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Configuration file (default: ./maestro.yaml when present, or MAESTRO_CONFIG).")
    void configFile(Path file) {
        this.configFile = file;
    }

    @Option(names = "--set", scope = ScopeType.INHERIT, paramLabel = "KEY=VALUE",
            description = "Override one setting, e.g. --set chat.model=qwen2.5 (repeatable).")
    void set(String keyValue) {
        overrides.add(keyValue);
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Show stack traces on errors.")
    void verbose(boolean verbose) {
        this.verbose = verbose;
    }

    public CliContext context() {
        context.globalOptions(configFile, overrides, verbose);
        return context;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "Missing subcommand (see maestro --help).");
    }

    /** Runs the CLI and returns the exit code; never calls System.exit. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        CliContext context = new CliContext(in, out, err, env);
        MaestroCommand root = new MaestroCommand(context);
        CommandLine cli = new CommandLine(root);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (root.verbose) {
                e.printStackTrace(err);
            }
            err.println("maestro: " + message(e));
            return ExitCodes.of(e);
        });
        return cli.execute(args);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
