package dev.maestro.evals.retrieval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {

    // two relevant documents, a (grade 1) and b (grade 2)
    private static final Map<String, Integer> QRELS = Map.of("a", 1, "b", 2, "z", 0);
    private static final List<String> RANKED = List.of("x", "a", "y", "b");

    @Test
    void should_compute_ndcg_by_hand() {
        // DCG = 1/log2(3) + 2/log2(5); IDCG = 2/log2(2) + 1/log2(3)
        double dcg = 1 / log2(3) + 2 / log2(5);
        double idcg = 2 + 1 / log2(3);
        assertThat(Metrics.ndcg(RANKED, QRELS, 10)).isCloseTo(dcg / idcg, within(1e-12));
        assertThat(Metrics.ndcg(RANKED, QRELS, 2)).isCloseTo((1 / log2(3)) / idcg, within(1e-12));
        assertThat(Metrics.ndcg(List.of("b", "a"), QRELS, 10)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void should_compute_recall_and_mrr_by_hand() {
        assertThat(Metrics.recall(RANKED, QRELS, 2)).isEqualTo(0.5);
        assertThat(Metrics.recall(RANKED, QRELS, 100)).isEqualTo(1.0);
        assertThat(Metrics.mrr(RANKED, QRELS, 10)).isEqualTo(0.5);
        assertThat(Metrics.mrr(RANKED, QRELS, 1)).isZero();
        assertThat(Metrics.mrr(List.of("z", "x"), QRELS, 10)).isZero();
    }

    @Test
    void should_interpolate_percentiles() {
        assertThat(Metrics.percentile(List.of(1.0, 2.0, 3.0, 4.0, 5.0), 50)).isEqualTo(3.0);
        assertThat(Metrics.percentile(List.of(1.0, 2.0, 3.0, 4.0, 5.0), 95)).isCloseTo(4.8, within(1e-12));
        assertThat(Metrics.percentile(List.of(), 50)).isZero();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
