package dev.maestro.evals.memory;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EvidenceRecallTest {

    // A tiny conversation: D1:1 "I adopted a cat", D1:2 "What's its name?", D1:3 "Miso", D2:1 "Miso is sick"
    private static final List<List<String>> RANKED = List.of(List.of("D1:3"), List.of("D2:1"), List.of("D1:2"), List.of("D1:1"));

    @Test
    void should_count_the_share_of_evidence_in_the_top_k() {
        // given: "What is the name of the cat that got sick?" needs D1:3 and D2:1; "When was the cat adopted?" needs D1:1
        List<String> nameAndSickness = List.of("D1:3", "D2:1");
        List<String> adoption = List.of("D1:1");

        // when / then
        assertThat(EvidenceRecall.atK(RANKED, nameAndSickness, 1)).isEqualTo(0.5);
        assertThat(EvidenceRecall.atK(RANKED, nameAndSickness, 2)).isEqualTo(1.0);
        assertThat(EvidenceRecall.atK(RANKED, adoption, 3)).isZero();
        assertThat(EvidenceRecall.atK(RANKED, adoption, 4)).isEqualTo(1.0);
        assertThat(EvidenceRecall.atK(RANKED, adoption, 25)).isEqualTo(1.0);
    }

    @Test
    void should_credit_an_item_with_several_ids_and_count_duplicate_evidence_once() {
        // given: a fact drawn from two turns
        List<List<String>> ranked = List.of(List.of("D1:1", "D1:3"), List.of("D1:3"));

        // when
        double recall = EvidenceRecall.atK(ranked, List.of("D1:1", "D1:3", "D1:3", "D2:1"), 1);

        // then
        assertThat(recall).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void should_refuse_items_without_evidence() {
        // when / then
        assertThatThrownBy(() -> EvidenceRecall.atK(RANKED, List.of(), 10)).hasMessageContaining("evidence cannot be empty");
    }

    @Test
    void should_take_nearest_rank_percentiles() {
        // given
        List<Integer> tokens = List.of(100, 300, 200, 400, 500, 600, 700, 800, 900, 1_000);

        // when / then
        assertThat(EvidenceRecall.percentile(tokens, 50)).isEqualTo(500);
        assertThat(EvidenceRecall.percentile(tokens, 95)).isEqualTo(1_000);
        assertThat(EvidenceRecall.percentile(List.of(), 50)).isZero();
    }
}
