package dev.maestro.memory;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FactParserTest {

    @Test
    void should_read_facts_with_importance_and_replaced_ids() {
        // given
        String reply = """
                ```json
                {"facts": [{"fact": "Ana lives in Lisbon.", "importance": 0.8, "replaces": [12, "13"]},
                           {"fact": "Ana likes jazz."}]}
                ```""";

        // when
        List<FactParser.Fact> facts = FactParser.parse(reply);

        // then
        assertThat(facts).containsExactly(
                new FactParser.Fact("Ana lives in Lisbon.", 0.8, List.of(12L, 13L)),
                new FactParser.Fact("Ana likes jazz.", FactParser.DEFAULT_IMPORTANCE, List.of()));
    }

    @Test
    void should_accept_an_empty_list_and_a_bare_array() {
        // when / then
        assertThat(FactParser.parse("{\"facts\": []}")).isEmpty();
        assertThat(FactParser.parse("[\"Bo is 30.\"]")).extracting(FactParser.Fact::text).containsExactly("Bo is 30.");
    }

    @Test
    void should_clamp_importance_into_zero_to_one() {
        // when
        List<FactParser.Fact> facts = FactParser.parse("{\"facts\": [{\"fact\": \"x\", \"importance\": 7}]}");

        // then
        assertThat(facts.getFirst().importance()).isEqualTo(1.0);
    }

    @Test
    void should_quote_the_reply_when_it_is_not_json() {
        // when / then
        assertThatThrownBy(() -> FactParser.parse("Sorry, I cannot help."))
                .isInstanceOf(MemoryException.class)
                .hasMessageContaining("not JSON")
                .hasMessageContaining("Sorry, I cannot help.");
    }
}
