package dev.maestro.rag.ingest;

import dev.maestro.rag.HashingEmbeddingModel;
import dev.maestro.rag.KeywordRetriever;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IngestorIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @TempDir
    Path root;
    @TempDir
    Path outside;

    RagStore store;
    RagCollection collection;
    HashingEmbeddingModel model;

    @BeforeEach
    void setUp(org.junit.jupiter.api.TestInfo info) throws IOException {
        store = RagStore.create(db.dataSource());
        model = new HashingEmbeddingModel(32);
        collection = store.collection(info.getTestMethod().orElseThrow().getName(), model);
        Files.writeString(root.resolve("a.md"), "# Alpha\nThe alpha protocol rotates keys daily.\n\n## Details\nKeys live in the vault.\n");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/b.txt"), "Beta servers restart at midnight.");
        Files.writeString(root.resolve("sub/c.html"), "<html><body><h1>Gamma</h1><p>Gamma checks the firewall.</p></body></html>");
    }

    private Ingestor ingestor() {
        return Ingestor.builder().store(store).collection(collection).embeddingModel(model).maxFileBytes(10_000).build();
    }

    @Test
    void should_do_nothing_when_files_are_unchanged() {
        // given
        IngestReport first = ingestor().ingest(List.of(root), false);
        int embedded = model.embedded.get();

        // when
        IngestReport second = ingestor().ingest(List.of(root), false);

        // then
        assertThat(first.added()).isEqualTo(3);
        assertThat(first.chunks()).isGreaterThanOrEqualTo(3);
        assertThat(second.added()).isZero();
        assertThat(second.updated()).isZero();
        assertThat(second.unchanged()).isEqualTo(3);
        assertThat(second.chunks()).isZero();
        assertThat(model.embedded.get()).isEqualTo(embedded);
    }

    @Test
    void should_replace_a_changed_file_and_keep_statistics_exact() throws Exception {
        // given
        ingestor().ingest(List.of(root), false);
        Files.writeString(root.resolve("sub/b.txt"), "Beta servers now restart at noon.");

        // when
        IngestReport report = ingestor().ingest(List.of(root), false);

        // then
        assertThat(report.updated()).isEqualTo(1);
        assertThat(report.unchanged()).isEqualTo(2);
        KeywordRetriever keyword = KeywordRetriever.builder().store(store).collection(collection).build();
        assertThat(keyword.retrieve("midnight", 5)).isEmpty();
        assertThat(keyword.retrieve("noon", 5)).singleElement().satisfies(h -> assertThat(h.text()).contains("noon"));
        assertStatisticsMatchChunks();
    }

    @Test
    void should_keep_the_later_version_of_a_source_given_twice_in_one_batch() throws Exception {
        // when: both versions are embedded, and written, in the same batch
        ingestor().ingestDocuments(List.of(
                SourceDocument.of("notes#1", "", "The first version mentions apples.", Map.of()),
                SourceDocument.of("notes#1", "", "The second version mentions pears.", Map.of())));

        // then
        assertThat(store.documentCount(collection)).isEqualTo(1);
        KeywordRetriever keyword = KeywordRetriever.builder().store(store).collection(collection).build();
        assertThat(keyword.retrieve("apples", 5)).isEmpty();
        assertThat(keyword.retrieve("pears", 5)).singleElement().satisfies(h -> assertThat(h.text()).contains("pears"));
        assertStatisticsMatchChunks();
    }

    @Test
    void should_prune_documents_whose_file_is_gone_only_when_asked() throws Exception {
        // given
        ingestor().ingest(List.of(root), false);
        Files.delete(root.resolve("sub/c.html"));

        // when
        IngestReport kept = ingestor().ingest(List.of(root), false);
        IngestReport pruned = ingestor().ingest(List.of(root), true);

        // then
        assertThat(kept.deleted()).isZero();
        assertThat(pruned.deleted()).isEqualTo(1);
        assertThat(store.documentCount(collection)).isEqualTo(2);
        assertStatisticsMatchChunks();
    }

    @Test
    void should_report_and_skip_bad_files_without_aborting() throws IOException {
        // given
        Files.write(root.resolve("binary.txt"), new byte[]{'P', 'K', 3, 4, 0, 0, 1});
        Files.writeString(root.resolve("big.txt"), "x ".repeat(6_000));
        Files.writeString(root.resolve("broken.json"), "{\"text\": ");
        Files.writeString(outside.resolve("secret.txt"), "outside the roots");
        Files.createSymbolicLink(root.resolve("escape.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("inside.txt"), root.resolve("sub/b.txt"));

        // when
        IngestReport report = ingestor().ingest(List.of(root), false);

        // then
        assertThat(report.added()).isEqualTo(4); // a, b, c, and the symlink that stays inside the root
        assertThat(report.skipped()).extracting(IngestReport.Skipped::reason).anySatisfy(r -> assertThat(r).contains("binary"))
                .anySatisfy(r -> assertThat(r).contains("too big"))
                .anySatisfy(r -> assertThat(r).contains("malformed JSON"))
                .anySatisfy(r -> assertThat(r).contains("symlink leads outside"));
        assertThat(report.summary()).contains("4 added").contains("4 skipped");
    }

    @Test
    void should_keep_only_whole_documents_when_the_embedding_model_fails_mid_run() throws Exception {
        // given: the third embedding call fails
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        dev.langchain4j.model.embedding.EmbeddingModel failing = new dev.langchain4j.model.embedding.EmbeddingModel() {
            @Override
            public dev.langchain4j.model.output.Response<List<dev.langchain4j.data.embedding.Embedding>> embedAll(
                    List<dev.langchain4j.data.segment.TextSegment> segments) {
                if (calls.incrementAndGet() == 3) {
                    throw new IllegalStateException("model crashed");
                }
                return model.embedAll(segments);
            }

            @Override
            public int dimension() {
                return model.dimension();
            }

            @Override
            public String modelName() {
                return model.modelName();
            }
        };
        Ingestor ingestor = Ingestor.builder().store(store).collection(collection).embeddingModel(failing).embedBatchSize(1).build();

        // when / then
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ingestor.ingest(List.of(root), false))
                .isInstanceOf(dev.maestro.core.MaestroException.class).hasMessageContaining("model crashed");
        assertThat(store.documentCount(collection)).isEqualTo(2);
        assertStatisticsMatchChunks();
        // a re-run completes the rest and skips what is already there
        IngestReport rerun = ingestor().ingest(List.of(root), false);
        assertThat(rerun.unchanged()).isEqualTo(2);
        assertThat(rerun.added()).isEqualTo(1);
    }

    @Test
    void should_honour_include_and_exclude_globs() {
        // when
        IngestReport report = Ingestor.builder().store(store).collection(collection).embeddingModel(model)
                .include(List.of("**.txt", "*.md")).exclude(List.of("a.md")).build().ingest(List.of(root), false);

        // then
        assertThat(report.added()).isEqualTo(1);
    }

    private void assertStatisticsMatchChunks() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            long id = collection.id();
            try (ResultSet rs = st.executeQuery("select count(*) from rag_terms t where t.collection_id = " + id + " and t.df <> "
                    + "(select count(*) from rag_postings p where p.collection_id = t.collection_id and p.term = t.term)")) {
                rs.next();
                assertThat(rs.getLong(1)).as("terms whose df differs from their postings").isZero();
            }
            try (ResultSet rs = st.executeQuery("select c.chunk_count = (select count(*) from rag_chunks where collection_id = c.id"
                    + " and kind = 'chunk'), c.total_length = (select coalesce(sum(length), 0) from rag_chunks where collection_id = c.id"
                    + " and kind = 'chunk') from rag_collections c where c.id = " + id)) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("chunk_count").isTrue();
                assertThat(rs.getBoolean(2)).as("total_length").isTrue();
            }
        }
    }
}
