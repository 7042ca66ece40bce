package dev.maestro.examples.embedded;

import dev.maestro.ChatRequest;
import dev.maestro.ChatRun;
import dev.maestro.IngestRequest;
import dev.maestro.Maestro;
import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunResult;
import dev.maestro.rag.ingest.IngestReport;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Maestro in a plain Java program: ingest a folder, ask one question, print the answer as its tokens stream.
 *
 * <pre>
 * mvn -q compile exec:java -Dexec.args="docs What do our documents say about the on-call rotation?"
 * </pre>
 *
 * Models and database come from the same settings as {@code ./maestro}'s environment: a local Ollama and the local
 * PostgreSQL database {@code maestro} unless {@code MAESTRO_OLLAMA_BASE_URL}, {@code MAESTRO_DB_URL} and the
 * others say otherwise.
 */
public final class EmbeddedExample {

    private EmbeddedExample() {
    }

    public static void main(String[] args) {
        Path docs = Path.of(args.length > 0 ? args[0] : "docs");
        String question = args.length > 1 ? String.join(" ", Arrays.copyOfRange(args, 1, args.length))
                : "What do our documents say about the on-call rotation?";
        run(System.getenv(), docs, question, System.out);
    }

    /** Builds a Maestro from {@code env}, ingests {@code docs}, streams the answer to {@code question} to {@code out}. */
    public static RunResult run(Map<String, String> env, Path docs, String question, PrintStream out) {
        try (Maestro maestro = Maestro.builder()
                .environment(env)
                .backgroundMemory(false) // a short-lived program leaves summaries and facts to a long-running one
                .build()) {
            IngestReport report = maestro.ingest(IngestRequest.of(docs));
            out.printf("ingested %s: %d new, %d changed, %d unchanged files%n", docs, report.added(), report.updated(), report.unchanged());

            ChatRun run = maestro.chat(ChatRequest.of(question));
            run.events().filter(event -> event.type() == RunEvent.Type.TOKEN).forEach(event -> {
                out.print(event.text("text"));
                out.flush();
            });
            RunResult result = run.await();
            out.println();
            out.printf("[%s · %s · %d sources]%n", result.agent(), result.model(), result.sources().size());
            result.sources().forEach(out::println);
            return result;
        }
    }
}
