package dev.maestro.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code maestro eval}: the evaluation suites, one subcommand each. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Run an evaluation suite on a public benchmark and write results.json, report.md and report.html.",
        subcommands = {EvalRetrievalCommand.class, EvalRoutingCommand.class, EvalMemoryCommand.class, EvalCacheCommand.class})
final class EvalCommand {

    @ParentCommand
    MaestroCommand root;
}
