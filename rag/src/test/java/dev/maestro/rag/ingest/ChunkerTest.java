package dev.maestro.rag.ingest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkerTest {

    /** One token per word: exact arithmetic in tests. */
    private static final TokenCounter WORDS = t -> t.isBlank() ? 0 : t.strip().split("\\s+").length;

    @Test
    void should_keep_a_short_section_as_one_leaf_and_one_parent() {
        // given
        Chunker chunker = new Chunker(WORDS, 10, 2, 40);
        SourceDocument doc = SourceDocument.of("a.txt", "A", "one two three.\n\nfour five.", Map.of());

        // when
        List<Chunker.Parent> parents = chunker.chunk(doc);

        // then
        assertThat(parents).hasSize(1);
        assertThat(parents.getFirst().leaves()).containsExactly("one two three. four five.");
        assertThat(parents.getFirst().text()).isEqualTo("one two three.\n\nfour five.");
    }

    @Test
    void should_cut_at_sentences_with_overlap_and_respect_the_size() {
        // given: 6 sentences of 3 words
        String text = "A b c. D e f. G h i. J k l. M n o. P q r.";
        Chunker chunker = new Chunker(WORDS, 7, 3, 100);

        // when
        List<String> leaves = chunker.chunk(SourceDocument.of("a.txt", "", text, Map.of())).getFirst().leaves();

        // then: each leaf <= 7 words, each new leaf repeats the previous last sentence
        assertThat(leaves).containsExactly("A b c. D e f.", "D e f. G h i.", "G h i. J k l.", "J k l. M n o.", "M n o. P q r.");
        assertThat(leaves).allSatisfy(l -> assertThat(WORDS.count(l)).isLessThanOrEqualTo(7));
    }

    @Test
    void should_split_an_overlong_sentence_into_words() {
        // given
        String text = "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11";
        Chunker chunker = new Chunker(WORDS, 4, 0, 100);

        // when
        List<String> leaves = chunker.chunk(SourceDocument.of("a.txt", "", text, Map.of())).getFirst().leaves();

        // then
        assertThat(leaves).containsExactly("w1 w2 w3 w4", "w5 w6 w7 w8", "w9 w10 w11");
    }

    @Test
    void should_make_one_parent_per_heading_section_and_split_big_sections() {
        // given
        SourceDocument doc = new SourceDocument("a.md", "T", List.of(
                new SourceDocument.Section("Intro", "p1 p1 p1.\n\np2 p2 p2."),
                new SourceDocument.Section("Usage", "u1 u1 u1 u1.\n\nu2 u2 u2 u2.\n\nu3 u3 u3 u3.")), Map.of());
        Chunker chunker = new Chunker(WORDS, 4, 0, 8);

        // when
        List<Chunker.Parent> parents = chunker.chunk(doc);

        // then: Usage (12 words) becomes two parents of at most 8 words
        assertThat(parents).extracting(Chunker.Parent::heading).containsExactly("Intro", "Usage", "Usage");
        assertThat(parents.get(1).text()).isEqualTo("u1 u1 u1 u1.\n\nu2 u2 u2 u2.");
        assertThat(parents.get(2).leaves()).containsExactly("u3 u3 u3 u3.");
    }

    @Test
    void should_reject_an_overlap_as_large_as_the_chunk() {
        assertThatThrownBy(() -> new Chunker(WORDS, 10, 10, 100)).hasMessageContaining("overlapTokens must be < maxTokens");
    }
}
