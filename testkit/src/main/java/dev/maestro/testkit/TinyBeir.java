package dev.maestro.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A three-document BEIR folder (corpus.jsonl, queries.jsonl, qrels/test.tsv) with two test queries whose answers are
 * unambiguous: q1 → d1 (aspirin), q2 → d3 (the largest planet). q1 carries gold evidence in its metadata, which an
 * evaluation must never read at query time.
 */
public final class TinyBeir {

    private TinyBeir() {
    }

    /** Writes the folder at {@code dir} (created) and returns it. */
    public static Path write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("qrels"));
        Files.write(dir.resolve("corpus.jsonl"), List.of(
                "{\"_id\": \"d1\", \"title\": \"Aspirin\", \"text\": \"Aspirin lowers the risk of heart attack.\"}",
                "{\"_id\": \"d2\", \"title\": \"Tomatoes\", \"text\": \"Tomatoes need six hours of sun.\"}",
                "{\"_id\": \"d3\", \"title\": \"Jupiter\", \"text\": \"Jupiter is the largest planet.\"}"));
        Files.write(dir.resolve("queries.jsonl"), List.of(
                "{\"_id\": \"q1\", \"text\": \"aspirin prevents heart attacks\", \"metadata\": {\"d1\": \"gold\"}}",
                "{\"_id\": \"q2\", \"text\": \"biggest planet\"}"));
        Files.write(dir.resolve("qrels/test.tsv"), List.of("query-id\tcorpus-id\tscore", "q1\td1\t1", "q2\td3\t1"));
        return dir;
    }
}
