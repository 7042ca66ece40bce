package dev.maestro.agents.routing;

import java.util.Arrays;
import java.util.List;

/**
 * Example embeddings in one flat, L2-normalised float matrix, grouped by route, plus one centroid per route.
 * Scoring is plain dot products, no allocation beyond the score arrays.
 */
final class ExampleIndex {

    final int dim;
    final int routes;
    /** Row i of the matrix is example i; the examples of route r are rows offsets[r] .. offsets[r+1]-1. */
    private final float[] matrix;
    private final int[] offsets;
    private final float[] centroids;

    private ExampleIndex(int dim, float[] matrix, int[] offsets, float[] centroids) {
        this.dim = dim;
        this.routes = offsets.length - 1;
        this.matrix = matrix;
        this.offsets = offsets;
        this.centroids = centroids;
    }

    /** {@code vectors} holds the examples of route 0, then route 1, ...; {@code counts[r]} how many route r has. */
    static ExampleIndex of(List<float[]> vectors, int[] counts, int dim) {
        float[] matrix = new float[vectors.size() * dim];
        for (int i = 0; i < vectors.size(); i++) {
            System.arraycopy(normalised(vectors.get(i)), 0, matrix, i * dim, dim);
        }
        int[] offsets = new int[counts.length + 1];
        for (int r = 0; r < counts.length; r++) {
            offsets[r + 1] = offsets[r] + counts[r];
        }
        float[] centroids = new float[counts.length * dim];
        for (int r = 0; r < counts.length; r++) {
            float[] c = new float[dim];
            for (int i = offsets[r]; i < offsets[r + 1]; i++) {
                for (int d = 0; d < dim; d++) {
                    c[d] += matrix[i * dim + d];
                }
            }
            System.arraycopy(normalised(c), 0, centroids, r * dim, dim);
        }
        return new ExampleIndex(dim, matrix, offsets, centroids);
    }

    int size(int route) {
        return offsets[route + 1] - offsets[route];
    }

    /**
     * Per route, the mean of the k highest similarities to its examples; NEGATIVE_INFINITY for a route without
     * examples or outside {@code candidates} (null means every route).
     */
    double[] knn(float[] q, int k, boolean[] candidates) {
        double[] scores = new double[routes];
        float[] top = new float[k];
        for (int r = 0; r < routes; r++) {
            int n = Math.min(k, size(r));
            if (n == 0 || candidates != null && !candidates[r]) {
                scores[r] = Double.NEGATIVE_INFINITY;
                continue;
            }
            Arrays.fill(top, Float.NEGATIVE_INFINITY);
            for (int i = offsets[r]; i < offsets[r + 1]; i++) {
                float s = dot(q, matrix, i * dim, dim);
                if (s > top[n - 1]) {
                    int j = n - 1;
                    while (j > 0 && top[j - 1] < s) {
                        top[j] = top[j - 1];
                        j--;
                    }
                    top[j] = s;
                }
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += top[j];
            }
            scores[r] = sum / n;
        }
        return scores;
    }

    double[] centroid(float[] q) {
        double[] scores = new double[routes];
        for (int r = 0; r < routes; r++) {
            scores[r] = size(r) == 0 ? Double.NEGATIVE_INFINITY : dot(q, centroids, r * dim, dim);
        }
        return scores;
    }

    /** The {@code m} routes with the highest scores, as a mask; null when {@code m} covers every route. */
    static boolean[] best(double[] scores, int m) {
        if (m <= 0 || m >= scores.length) {
            return null;
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double cut = sorted[sorted.length - m];
        boolean[] mask = new boolean[scores.length];
        int taken = 0;
        for (int r = 0; r < scores.length && taken < m; r++) {
            if (scores[r] >= cut && scores[r] > Double.NEGATIVE_INFINITY) {
                mask[r] = true;
                taken++;
            }
        }
        return mask;
    }

    static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        if (norm == 0) {
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    private static float dot(float[] q, float[] m, int offset, int dim) {
        // Four accumulators let the JIT pipeline (and vectorise) the loop.
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int d = 0;
        for (; d + 3 < dim; d += 4) {
            s0 += q[d] * m[offset + d];
            s1 += q[d + 1] * m[offset + d + 1];
            s2 += q[d + 2] * m[offset + d + 2];
            s3 += q[d + 3] * m[offset + d + 3];
        }
        for (; d < dim; d++) {
            s0 += q[d] * m[offset + d];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
