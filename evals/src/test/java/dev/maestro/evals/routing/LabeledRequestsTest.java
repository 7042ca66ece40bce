package dev.maestro.evals.routing;

import dev.maestro.agents.routing.LabeledUtterance;
import dev.maestro.core.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabeledRequestsTest {

    @Test
    void should_read_quoted_fields_with_commas_quotes_and_line_breaks() {
        // given
        String csv = "text,agent\n\"fix this, please\",coder\n\"say \"\"hi\"\"\",general\n\"two\nlines\",researcher\r\nplain,general\n";

        // when
        List<LabeledUtterance> rows = LabeledRequests.parse(csv, "t.csv");

        // then
        assertThat(rows).containsExactly(LabeledUtterance.of("fix this, please", "coder"), LabeledUtterance.of("say \"hi\"", "general"),
                LabeledUtterance.of("two\nlines", "researcher"), LabeledUtterance.of("plain", "general"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing agent column        | text\\nhello                                 | t.csv line 1: the header must name the columns 'text' and 'agent'
            unquoted comma              | text,agent\\nhi,general\\nfix this, please,coder | t.csv line 3 has 3 fields, the header has 2
            empty agent, after a quoted line break | text,agent\\n"two\\nlines",coder\\nhello,  | t.csv line 4 has no agent for 'hello'
            repeated request            | text,agent\\nhi,general\\nhi,general           | t.csv line 3 repeats the request 'hi'
            unclosed quote              | text,agent\\n"hi,general                      | t.csv line 2: a quoted field is never closed
            quote inside a field        | text,agent\\nsay "hi",general                  | t.csv line 2: a quote inside an unquoted field
            no rows                     | text,agent\\n                                  | t.csv has a header but no requests
            """)
    void should_name_the_line_and_the_problem_of_a_malformed_file(String name, String content, String message) {
        assertThatThrownBy(() -> LabeledRequests.parse(content.replace("\\n", "\n"), "t.csv"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void should_ship_at_least_300_requests_spread_over_the_built_in_agents() {
        // when
        List<LabeledUtterance> shipped = LabeledRequests.shipped();

        // then
        Map<String, Integer> perAgent = new TreeMap<>();
        shipped.forEach(u -> perAgent.merge(u.route().orElseThrow(), 1, Integer::sum));
        assertThat(shipped).hasSizeGreaterThanOrEqualTo(300);
        assertThat(perAgent).containsOnlyKeys("coder", "general", "researcher").allSatisfy((agent, n) -> assertThat(n).isGreaterThan(90));
    }
}
