package dev.maestro.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code maestro bench}: benchmarks that print their figures (not tests; nothing is asserted). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (not tests): throughput and latency.",
        subcommands = {BenchChatCommand.class, BenchMemoryCommand.class, BenchCacheCommand.class, BenchRetrievalCommand.class, BenchServeCommand.class,
                BenchToolsCommand.class, BenchFailoverCommand.class})
final class BenchCommand implements Runnable {

    @ParentCommand
    MaestroCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (see maestro bench --help).");
    }
}
