package dev.maestro.cli;

import dev.maestro.IngestRequest;
import dev.maestro.Maestro;
import dev.maestro.rag.ingest.IngestReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code maestro ingest PATH...}: files and folders into a retrieval collection, with a progress bar and a summary. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Ingest files and folders (recursively: .txt .md .html .pdf .json .jsonl) into a retrieval collection.",
                "Unchanged files are skipped, changed ones replaced; bad files are reported and skipped."})
final class IngestCommand implements Runnable {

    /** The collection used when none is named. */
    static final String DEFAULT_COLLECTION = IngestRequest.DEFAULT_COLLECTION;

    @ParentCommand
    MaestroCommand root;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to ingest.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--collection", paramLabel = "NAME", description = "Collection to ingest into (default: ${DEFAULT-VALUE}).")
    String collection = DEFAULT_COLLECTION;

    @Option(names = "--include", paramLabel = "GLOB", description = "Only files matching (relative path or name), e.g. '**.md'; repeatable.")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out files matching, e.g. 'drafts/**'; repeatable.")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--prune", description = "Delete documents under the given paths whose files no longer exist.")
    boolean prune;

    @Override
    public void run() {
        CliContext context = root.context();
        try (Maestro maestro = CliMaestro.open(context.config(), context.err(), false)) {
            IngestReport report = maestro.ingest(IngestRequest.builder().paths(paths).collection(collection).include(include)
                    .exclude(exclude).prune(prune).progress(new ConsoleProgress(context.err())).build());
            for (IngestReport.Skipped s : report.skipped()) {
                context.err().println("skipped " + s.path() + ": " + s.reason());
            }
            context.out().println("Collection " + collection + ": " + report.summary());
        }
    }
}
