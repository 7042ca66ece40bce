package dev.maestro.evals.retrieval;

import dev.maestro.core.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BeirDatasetTest {

    @TempDir
    Path dir;

    @Test
    void should_read_corpus_queries_and_qrels_but_no_query_metadata() throws IOException {
        // given
        Files.writeString(dir.resolve("corpus.jsonl"), "{\"_id\": \"d1\", \"title\": \"T\", \"text\": \"body\", \"metadata\": {}}\n");
        Files.writeString(dir.resolve("queries.jsonl"), "{\"_id\": \"1\", \"text\": \"claim\", \"metadata\": {\"d1\": [{\"label\": \"SUPPORT\"}]}}\n");
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\n1\td1\t1\n");

        // when
        BeirDataset ds = BeirDataset.open(dir);

        // then
        assertThat(ds.corpus()).containsExactly(new BeirDataset.Doc("d1", "T", "body"));
        assertThat(ds.queries()).containsExactly(java.util.Map.entry("1", "claim"));
        assertThat(ds.qrels("test")).containsEntry("1", java.util.Map.of("d1", 1));
        assertThat(ds.corpusHash()).hasSize(64);
        assertThatThrownBy(() -> ds.qrels("dev")).isInstanceOf(ConfigException.class).hasMessageContaining("no split 'dev'");
    }

    @Test
    void should_reject_a_folder_without_a_corpus() {
        assertThatThrownBy(() -> BeirDataset.open(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("corpus.jsonl");
    }
}
