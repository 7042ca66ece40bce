package dev.maestro.rag;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FusionTest {

    private static final List<Scored> DENSE = List.of(new Scored(1, 0.9), new Scored(2, 0.8), new Scored(3, 0.5));
    private static final List<Scored> KEYWORD = List.of(new Scored(3, 12.0), new Scored(4, 6.0), new Scored(1, 3.0));

    @Test
    void should_sum_reciprocal_ranks() {
        // when
        List<Fusion.Fused> fused = Fusion.fuse(Fusion.rrf(60), DENSE, KEYWORD);

        // then: 1 = 1/61 + 1/63, 3 = 1/63 + 1/61, 2 = 1/62, 4 = 1/62; ties keep first-seen (dense) order
        assertThat(fused).extracting(Fusion.Fused::chunkId).containsExactly(1L, 3L, 2L, 4L);
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 63, within(1e-12));
        assertThat(fused.get(2).score()).isCloseTo(1.0 / 62, within(1e-12));
        assertThat(fused.get(3).denseRank()).isEqualTo(-1);
        assertThat(fused.get(3).keywordRank()).isEqualTo(1);
        assertThat(fused.get(3).denseScore()).isNaN();
    }

    @Test
    void should_weight_min_max_normalised_scores() {
        // when
        List<Fusion.Fused> fused = Fusion.fuse(Fusion.weighted(0.5), DENSE, KEYWORD);

        // then: dense norm 1 -> 1, 2 -> 0.75, 3 -> 0; keyword norm 3 -> 1, 4 -> 1/3, 1 -> 0
        assertThat(fused).extracting(Fusion.Fused::chunkId).containsExactly(1L, 3L, 2L, 4L);
        assertThat(fused.get(0).score()).isCloseTo(0.5, within(1e-12));
        assertThat(fused.get(2).score()).isCloseTo(0.375, within(1e-12));
        assertThat(fused.get(3).score()).isCloseTo(0.5 / 3, within(1e-12));
    }

    @Test
    void should_follow_dense_alone_when_dense_weight_is_one() {
        // when
        List<Fusion.Fused> fused = Fusion.fuse(Fusion.weighted(1), DENSE, KEYWORD);

        // then
        assertThat(fused.subList(0, 3)).extracting(Fusion.Fused::chunkId).containsExactly(1L, 2L, 3L);
    }
}
