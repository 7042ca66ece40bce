package dev.maestro.cli;

import dev.maestro.core.config.AppConfig;
import dev.maestro.runtime.db.LocalDatabase;
import dev.maestro.providers.Providers;
import dev.maestro.providers.QueryAwareEmbeddingModel;
import dev.maestro.core.db.Database;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.rag.ingest.IngestReport;
import dev.maestro.rag.ingest.Ingestor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code maestro ingest PATH...}: files and folders into a retrieval collection, with a progress bar and a summary. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Ingest files and folders (recursively: .txt .md .html .pdf .json .jsonl) into a retrieval collection.",
                "Unchanged files are skipped, changed ones replaced; bad files are reported and skipped."})
final class IngestCommand implements Runnable {

    /** The collection used when none is named. */
    static final String DEFAULT_COLLECTION = dev.maestro.runtime.MaestroRuntime.DEFAULT_COLLECTION;

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
        AppConfig config = context.config();
        PrintStream out = context.out();
        QueryAwareEmbeddingModel embeddings = Providers.embeddingModel(config);
        String modelName = embeddingModelName(config);
        try (Database db = LocalDatabase.openReady(config, context.err())) {
            RagStore store = RagStore.create(db.dataSource());
            RagCollection target = store.collection(collection, embeddings, modelName);
            IngestReport report = Ingestor.builder().store(store).collection(target).embeddingModel(embeddings).modelName(modelName)
                    .include(include).exclude(exclude).progress(new ConsoleProgress(context.err())).build()
                    .ingest(paths, prune);
            for (IngestReport.Skipped s : report.skipped()) {
                context.err().println("skipped " + s.path() + ": " + s.reason());
            }
            out.println("Collection " + collection + ": " + report.summary());
        }
    }

    /** What a collection records as its model, e.g. {@code onnx:bge-small-en-v1.5-q}. */
    static String embeddingModelName(AppConfig config) {
        return dev.maestro.runtime.MaestroRuntime.embeddingModelName(config);
    }
}
