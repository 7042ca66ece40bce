package dev.maestro.agents.routing;

import java.util.Arrays;
import java.util.List;

/**
 * Example embeddings in one flat, L2-normalised float matrix, grouped by route, plus one centroid per route.
 * A route's centroid is the sum of its examples plus its description counted as {@code descriptionWeight}
 * examples, normalised; a route with a description and no examples still has one. Scoring is plain dot
 * products, no allocation beyond the score arrays. Any example can be left out of its route (kNN and
 * centroid alike), which is how the router is calibrated on examples it has not seen.
 */
final class ExampleIndex {

    final int dim;
    final int routes;
    /** Row i of the matrix is example i; the examples of route r are rows offsets[r] .. offsets[r+1]-1. */
    private final float[] matrix;
    private final int[] offsets;
    /** Per route, the unnormalised sum behind its centroid; all zero for a route with neither examples nor description. */
    private final float[] sums;
    private final double[] sumNorms;
    private final boolean[] hasCentroid;

    private ExampleIndex(int dim, float[] matrix, int[] offsets, float[] sums, boolean[] hasCentroid) {
        this.dim = dim;
        this.routes = offsets.length - 1;
        this.matrix = matrix;
        this.offsets = offsets;
        this.sums = sums;
        this.hasCentroid = hasCentroid;
        this.sumNorms = new double[routes];
        for (int r = 0; r < routes; r++) {
            sumNorms[r] = Math.sqrt(dot(sums, r * dim, sums, r * dim, dim));
        }
    }

    /** {@code vectors} holds the examples of route 0, then route 1, ...; {@code counts[r]} how many route r has. */
    static ExampleIndex of(List<float[]> vectors, int[] counts, int dim) {
        return of(vectors, counts, new float[counts.length][], 0, dim);
    }

    /**
     * @param descriptions per route, the description's embedding, or null when it has none
     * @param descriptionWeight how many examples a description counts as in its route's centroid
     */
    static ExampleIndex of(List<float[]> vectors, int[] counts, float[][] descriptions, double descriptionWeight, int dim) {
        float[] matrix = new float[vectors.size() * dim];
        for (int i = 0; i < vectors.size(); i++) {
            System.arraycopy(normalised(vectors.get(i)), 0, matrix, i * dim, dim);
        }
        int[] offsets = new int[counts.length + 1];
        for (int r = 0; r < counts.length; r++) {
            offsets[r + 1] = offsets[r] + counts[r];
        }
        float[] sums = new float[counts.length * dim];
        boolean[] has = new boolean[counts.length];
        for (int r = 0; r < counts.length; r++) {
            for (int i = offsets[r]; i < offsets[r + 1]; i++) {
                for (int d = 0; d < dim; d++) {
                    sums[r * dim + d] += matrix[i * dim + d];
                }
            }
            has[r] = counts[r] > 0;
            if (descriptions[r] != null && descriptionWeight > 0) {
                float[] desc = normalised(descriptions[r]);
                for (int d = 0; d < dim; d++) {
                    sums[r * dim + d] += (float) (descriptionWeight * desc[d]);
                }
                has[r] = true;
            }
        }
        return new ExampleIndex(dim, matrix, offsets, sums, has);
    }

    int size(int route) {
        return offsets[route + 1] - offsets[route];
    }

    /** All examples, in route order. */
    int examples() {
        return offsets[routes];
    }

    /** The route example {@code row} belongs to. */
    int routeOf(int row) {
        int r = Arrays.binarySearch(offsets, row);
        if (r >= 0) {
            while (r + 1 < offsets.length && offsets[r + 1] == row) {
                r++;
            }
            return r;
        }
        return -r - 2;
    }

    /** A copy of example {@code row}'s normalised vector. */
    float[] example(int row) {
        return Arrays.copyOfRange(matrix, row * dim, (row + 1) * dim);
    }

    /**
     * Per route, the mean of the k highest similarities to its examples; NEGATIVE_INFINITY for a route without
     * examples or outside {@code candidates} (null means every route). Example {@code exclude} (-1: none) is skipped.
     */
    double[] knn(float[] q, int k, boolean[] candidates, int exclude) {
        double[] scores = new double[routes];
        float[] top = new float[k];
        for (int r = 0; r < routes; r++) {
            int available = size(r) - (exclude >= offsets[r] && exclude < offsets[r + 1] ? 1 : 0);
            int n = Math.min(k, available);
            if (n <= 0 || candidates != null && !candidates[r]) {
                scores[r] = Double.NEGATIVE_INFINITY;
                continue;
            }
            Arrays.fill(top, Float.NEGATIVE_INFINITY);
            for (int i = offsets[r]; i < offsets[r + 1]; i++) {
                if (i == exclude) {
                    continue;
                }
                float s = dot(q, 0, matrix, i * dim, dim);
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

    double[] knn(float[] q, int k, boolean[] candidates) {
        return knn(q, k, candidates, -1);
    }

    /** Cosine similarity to each route's centroid; example {@code exclude} (-1: none) is taken out of its route's. */
    double[] centroid(float[] q, int exclude) {
        double[] scores = new double[routes];
        int own = exclude < 0 ? -1 : routeOf(exclude);
        for (int r = 0; r < routes; r++) {
            if (!hasCentroid[r]) {
                scores[r] = Double.NEGATIVE_INFINITY;
            } else if (r == own) {
                // |sum - x|² = |sum|² - 2 sum·x + |x|², with |x| = 1.
                double sx = dot(sums, r * dim, matrix, exclude * dim, dim);
                double norm = Math.sqrt(Math.max(0, sumNorms[r] * sumNorms[r] - 2 * sx + 1));
                scores[r] = norm < 1e-9 ? Double.NEGATIVE_INFINITY
                        : (dot(q, 0, sums, r * dim, dim) - dot(q, 0, matrix, exclude * dim, dim)) / norm;
            } else {
                scores[r] = dot(q, 0, sums, r * dim, dim) / sumNorms[r];
            }
        }
        return scores;
    }

    double[] centroid(float[] q) {
        return centroid(q, -1);
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

    private static float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        // Four accumulators let the JIT pipeline (and vectorise) the loop.
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int d = 0;
        for (; d + 3 < dim; d += 4) {
            s0 += a[aOffset + d] * b[bOffset + d];
            s1 += a[aOffset + d + 1] * b[bOffset + d + 1];
            s2 += a[aOffset + d + 2] * b[bOffset + d + 2];
            s3 += a[aOffset + d + 3] * b[bOffset + d + 3];
        }
        for (; d < dim; d++) {
            s0 += a[aOffset + d] * b[bOffset + d];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
