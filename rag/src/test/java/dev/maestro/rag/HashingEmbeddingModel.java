package dev.maestro.rag;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.maestro.rag.internal.Terms;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A fast deterministic embedding for store tests: hashed bag of words, L2-normalised. Counts the texts it embeds. */
public final class HashingEmbeddingModel implements EmbeddingModel {

    private final int dimension;
    private final String name;
    public final AtomicInteger embedded = new AtomicInteger();

    public HashingEmbeddingModel(int dimension) {
        this(dimension, "hashing-" + dimension);
    }

    public HashingEmbeddingModel(int dimension, String name) {
        this.dimension = dimension;
        this.name = name;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        embedded.addAndGet(segments.size());
        return Response.from(segments.stream().map(s -> Embedding.from(vector(s.text()))).toList());
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String modelName() {
        return name;
    }

    private float[] vector(String text) {
        float[] v = new float[dimension];
        for (String t : Terms.of(text)) {
            v[Math.floorMod(t.hashCode(), dimension)] += 1;
        }
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        if (norm == 0) {
            v[0] = 1;
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
