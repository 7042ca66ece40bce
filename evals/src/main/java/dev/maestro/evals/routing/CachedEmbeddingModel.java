package dev.maestro.evals.routing;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.maestro.core.Ensure;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Embeds each distinct text once, ever: vectors are kept in memory and appended to a file, so a second
 * evaluation run (or one with other router settings) skips the minutes of embedding 20,000 utterances.
 * The file is per model ({@link #fileFor}); records are {@code UTF text, int dim, float...}. Without a file
 * the cache lives in memory only, which still saves re-embedding the examples for each router variant.
 */
public final class CachedEmbeddingModel implements EmbeddingModel {

    private final EmbeddingModel delegate;
    private final Path file;
    private final Map<String, float[]> vectors = new HashMap<>();

    /** @param file where vectors persist, or null to keep them in memory only */
    public CachedEmbeddingModel(EmbeddingModel delegate, Path file) {
        this.delegate = Ensure.notNull(delegate, "delegate");
        this.file = file;
        if (file != null) {
            load();
        }
    }

    /** {@code dir/embeddings-<model class>-<model name>.bin}. */
    public static Path fileFor(EmbeddingModel model, Path dir) {
        String key = (model.getClass().getSimpleName() + "-" + model.modelName()).replaceAll("[^A-Za-z0-9._-]", "_");
        return dir.resolve("embeddings-" + key + ".bin");
    }

    int size() {
        return vectors.size();
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        Set<String> missing = new LinkedHashSet<>();
        for (TextSegment s : segments) {
            if (!vectors.containsKey(s.text())) {
                missing.add(s.text());
            }
        }
        if (!missing.isEmpty()) {
            List<String> texts = List.copyOf(missing);
            append(texts, delegate.embedAll(texts.stream().map(TextSegment::from).toList()).content());
        }
        List<Embedding> out = new ArrayList<>(segments.size());
        for (TextSegment s : segments) {
            out.add(Embedding.from(vectors.get(s.text())));
        }
        return Response.from(out);
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (true) {
                String text;
                try {
                    text = in.readUTF();
                } catch (EOFException end) {
                    return;
                }
                float[] v = new float[in.readInt()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readFloat();
                }
                vectors.put(text, v);
            }
        } catch (EOFException truncated) {
            // A run killed mid-write leaves a partial last record; what was read before it is good.
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedding cache " + file + "; delete it to rebuild", e);
        }
    }

    private void append(List<String> texts, List<Embedding> embeddings) {
        if (file == null) {
            for (int i = 0; i < texts.size(); i++) {
                vectors.put(texts.get(i), embeddings.get(i).vector());
            }
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16))) {
                for (int i = 0; i < texts.size(); i++) {
                    float[] v = embeddings.get(i).vector();
                    out.writeUTF(texts.get(i));
                    out.writeInt(v.length);
                    for (float x : v) {
                        out.writeFloat(x);
                    }
                    vectors.put(texts.get(i), v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the embedding cache " + file, e);
        }
    }
}
