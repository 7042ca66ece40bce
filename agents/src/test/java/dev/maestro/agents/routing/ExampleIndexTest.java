package dev.maestro.agents.routing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ExampleIndexTest {

    private static final float[] X = {1, 0, 0};
    private static final float[] Y = {0, 1, 0};
    private static final float[] XY = {1, 1, 0};
    private static final float[] Z = {0, 0, 1};

    @Test
    void should_leave_an_example_out_of_its_routes_knn_and_centroid() {
        // given route 0 = {X, XY}, route 1 = {Y, Z}
        ExampleIndex index = ExampleIndex.of(List.of(X, XY, Y, Z), new int[]{2, 2}, 3);
        ExampleIndex withoutX = ExampleIndex.of(List.of(XY, Y, Z), new int[]{1, 2}, 3);

        // when X itself is the query, left out
        double[] knn = index.knn(X, 1, null, 0);
        double[] centroid = index.centroid(X, 0);

        // then it no longer matches itself (1.0) but its neighbour XY, as an index built without it would say
        assertThat(knn[0]).isCloseTo(Math.sqrt(0.5), within(1e-6));
        assertThat(index.knn(X, 1, null, -1)[0]).isCloseTo(1.0, within(1e-6));
        assertThat(centroid[0]).isCloseTo(withoutX.centroid(X)[0], within(1e-6));
        assertThat(centroid[1]).isCloseTo(withoutX.centroid(X)[1], within(1e-6));
    }

    @Test
    void should_give_a_route_with_only_a_description_a_centroid_but_no_neighbours() {
        // given route 0 has two examples along X, route 1 none, only a description along Z
        ExampleIndex index = ExampleIndex.of(List.of(X, XY), new int[]{2, 0}, new float[][]{null, Z}, 2, 3);

        // when
        double[] centroid = index.centroid(Z);
        double[] knn = index.knn(Z, 3, null);

        // then
        assertThat(centroid[1]).isCloseTo(1.0, within(1e-6));
        assertThat(knn[1]).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void should_count_a_description_as_weight_examples_in_the_centroid() {
        // given one example along X and a description along Y weighing 3 examples: centroid ∝ (1, 3, 0)
        ExampleIndex index = ExampleIndex.of(List.<float[]>of(X), new int[]{1}, new float[][]{Y}, 3, 3);

        // when
        double[] scores = index.centroid(Y);

        // then
        assertThat(scores[0]).isCloseTo(3 / Math.sqrt(10), within(1e-6));
    }

    @Test
    void should_find_the_route_of_an_example_across_empty_routes() {
        // given routes of 0, 2, 0 and 1 examples
        ExampleIndex index = ExampleIndex.of(List.of(X, Y, Z), new int[]{0, 2, 0, 1}, 3);

        // then
        assertThat(index.routeOf(0)).isEqualTo(1);
        assertThat(index.routeOf(1)).isEqualTo(1);
        assertThat(index.routeOf(2)).isEqualTo(3);
        assertThat(index.examples()).isEqualTo(3);
    }
}
