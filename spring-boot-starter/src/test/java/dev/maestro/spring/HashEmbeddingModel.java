package dev.maestro.spring;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test embedding model: a pseudo-random unit vector per text (the same text, the same vector), 384 dimensions
 * like the schema's memory column. Unrelated texts are nearly orthogonal, so the embedding router abstains.
 */
final class HashEmbeddingModel implements EmbeddingModel {

    private final AtomicInteger embedded = new AtomicInteger();

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        embedded.addAndGet(segments.size());
        return Response.from(segments.stream().map(s -> vector(s.text())).toList());
    }

    @Override
    public int dimension() {
        return 384;
    }

    int embedded() {
        return embedded.get();
    }

    private static Embedding vector(String text) {
        Random random = new Random(text.hashCode());
        float[] v = new float[384];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return Embedding.from(v);
    }
}
