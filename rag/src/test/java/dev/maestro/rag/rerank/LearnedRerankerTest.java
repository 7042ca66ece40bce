package dev.maestro.rag.rerank;

import dev.maestro.rag.Candidate;
import dev.maestro.rag.Hit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LearnedRerankerTest {

    private static Candidate candidate(long id, String title, String text, double dense, int denseRank, double bm25, int bm25Rank) {
        return new Candidate(new Hit(id, id, "s" + id, title, text, Map.of(), 0, null), dense, denseRank, bm25, bm25Rank);
    }

    /** The relevant candidate is always the one whose title matches the query, while first-stage ranks mislead. */
    private static List<Candidate> list(String topic) {
        return List.of(
                candidate(1, "unrelated study", "cells and mice", 0.80, 0, 9.0, 0),
                candidate(2, topic + " outcomes", "a trial of " + topic, 0.70, 1, 5.0, 1),
                candidate(3, "other work", "more noise here", 0.60, 2, 4.0, 2));
    }

    @Test
    void should_learn_from_labels_to_put_the_title_match_first() {
        // given
        List<LearnedReranker.TrainingList> lists = new ArrayList<>();
        for (String topic : List.of("aspirin", "statins", "insulin", "vitamin", "warfarin", "metformin")) {
            lists.add(new LearnedReranker.TrainingList(topic + " reduces risk", list(topic), List.of(0.0, 1.0, 0.0)));
        }

        // when
        LearnedReranker ltr = LearnedReranker.train(lists, LearnedReranker.Training.defaults());
        List<Candidate> reranked = ltr.rerank("ibuprofen reduces risk", list("ibuprofen"));

        // then
        assertThat(reranked.getFirst().hit().chunkId()).isEqualTo(2);
        assertThat(reranked.get(0).hit().score()).isGreaterThan(reranked.get(1).hit().score());
    }

    @Test
    void should_survive_a_json_round_trip() {
        // given
        LearnedReranker ltr = LearnedReranker.train(List.of(new LearnedReranker.TrainingList("aspirin risk", list("aspirin"),
                List.of(0.0, 1.0, 0.0))), LearnedReranker.Training.defaults());

        // when
        LearnedReranker copy = LearnedReranker.fromJson(ltr.toJson());

        // then
        assertThat(copy.weights()).isEqualTo(ltr.weights());
    }

    @Test
    void should_refuse_to_train_without_contrast() {
        List<LearnedReranker.TrainingList> none = List.of(new LearnedReranker.TrainingList("q", list("q"), List.of(0.0, 0.0, 0.0)));
        assertThatThrownBy(() -> LearnedReranker.train(none, LearnedReranker.Training.defaults()))
                .hasMessageContaining("no candidate list holds both a relevant and a non-relevant candidate");
    }
}
