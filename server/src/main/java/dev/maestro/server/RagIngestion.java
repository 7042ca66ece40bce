package dev.maestro.server;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.rag.ingest.IngestReport;
import dev.maestro.rag.ingest.Ingestor;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** Uploads into {@code dev.maestro.rag}: the {@link Ingestor} with the configured embedding model, loaded on first use. */
public final class RagIngestion implements DocumentIngestion {

    private final DataSource dataSource;
    private final Supplier<? extends EmbeddingModel> embeddings;
    private final String modelName;
    private volatile EmbeddingModel model;

    public RagIngestion(DataSource dataSource, Supplier<? extends EmbeddingModel> embeddings, String modelName) {
        this.dataSource = dataSource;
        this.embeddings = embeddings;
        this.modelName = modelName;
    }

    @Override
    public String ingest(String collection, Path file) {
        EmbeddingModel m = model();
        RagStore store = RagStore.create(dataSource);
        RagCollection target = store.collection(collection, m, modelName);
        IngestReport report = Ingestor.builder().store(store).collection(target).embeddingModel(m).modelName(modelName)
                .build().ingest(List.of(file), false);
        if (!report.skipped().isEmpty()) {
            throw new IllegalArgumentException("The file was not ingested: " + report.skipped().get(0).reason());
        }
        return report.summary();
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) {
                    model = embeddings.get();
                }
                m = model;
            }
        }
        return m;
    }
}
