package dev.maestro.cli;

import dev.maestro.Maestro;
import dev.maestro.core.config.AppConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code maestro graph}: the orchestration graph as Mermaid, with the configured agents. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Print the orchestration graph (with the configured agents) as a Mermaid flowchart.")
final class GraphCommand implements Runnable {

    @ParentCommand
    MaestroCommand root;

    @Override
    public void run() {
        AppConfig config = root.context().config();
        // No models or database are needed to draw the graph: the agents only need names here.
        root.context().out().println(Maestro.graphDiagram(config));
    }
}
