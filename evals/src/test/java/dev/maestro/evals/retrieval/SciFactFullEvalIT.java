package dev.maestro.evals.retrieval;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.maestro.core.Progress;
import dev.maestro.core.db.Database;
import dev.maestro.core.db.DatabaseSettings;
import dev.maestro.rag.RagStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full SciFact evaluation (300 test queries), opt-in: {@code MAESTRO_SCIFACT_FULL=1}. Uses a persistent
 * database ({@code MAESTRO_EVAL_DB_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/maestro_eval}) so the
 * ingested collection is reused; writes target/scifact-eval/results.json and the reports.
 */
@EnabledIfEnvironmentVariable(named = "MAESTRO_SCIFACT_FULL", matches = "1|true")
class SciFactFullEvalIT {

    /** Runs the evaluation outside Maven (a frozen classpath, so editing sources cannot disturb a long run). */
    public static void main(String[] args) {
        new SciFactFullEvalIT().should_meet_the_scifact_targets();
    }

    @Test
    void should_meet_the_scifact_targets() {
        // given
        String url = System.getenv().getOrDefault("MAESTRO_EVAL_DB_URL", "jdbc:postgresql://127.0.0.1:5432/maestro_eval");
        DatabaseSettings settings = DatabaseSettings.of(url, "postgres", "");
        Database.createIfMissing(settings);
        List<String> strategies = Arrays.asList(System.getenv().getOrDefault("MAESTRO_SCIFACT_STRATEGIES",
                String.join(",", RetrievalEvaluation.DEFAULT_STRATEGIES)).split(","));
        try (Database db = Database.connect(settings)) {
            db.ensureVectorExtension();
            db.migrate();
            Path dir = TestDatasets.find("beir-scifact").orElseThrow();
            RetrievalResults results = RetrievalEvaluation.builder().dataset(BeirDataset.open(dir))
                    .store(RagStore.create(db.dataSource())).embeddingModel(new BgeSmallEnV15QuantizedEmbeddingModel())
                    .strategies(strategies).progress(PrintingProgress.INSTANCE).build().run();
            // when
            results.writeTo(Path.of("target", "scifact-eval"));
            System.out.println(results.toJson().toPrettyString());
            // then
            assertThat(results.queries()).isEqualTo(300);
        }
    }

    /** Progress as lines on stdout. */
    enum PrintingProgress implements Progress {
        INSTANCE;

        @Override
        public Task start(String name, long total, String unit) {
            long t0 = System.nanoTime();
            System.out.println("> " + name + " (" + total + " " + unit + ")");
            return new Task() {
                long done;

                @Override
                public void step(long n) {
                    done += n;
                    if (total > 0 && done % Math.max(1, total / 10) == 0) {
                        System.out.printf("  %s: %d/%d %s, %.1f s%n", name, done, total, unit, (System.nanoTime() - t0) / 1e9);
                    }
                }

                @Override
                public void message(String text) {
                }

                @Override
                public void close() {
                    System.out.printf("< %s done in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
                }
            };
        }
    }
}
