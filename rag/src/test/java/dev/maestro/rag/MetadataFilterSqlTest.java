package dev.maestro.rag;

import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.maestro.rag.internal.MetadataFilterSql;
import dev.maestro.rag.internal.SqlFragment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataFilterSqlTest {

    @Test
    void should_bind_keys_and_values_as_parameters() {
        // given
        String evilKey = "x') or 1=1; drop table rag_chunks; --";
        Filter filter = new IsEqualTo(evilKey, "a' or '1'='1").and(new IsIn("lang", List.of("en", "de")));

        // when
        SqlFragment sql = MetadataFilterSql.toSql(filter, "c.metadata");

        // then
        assertThat(sql.sql()).doesNotContain("drop").doesNotContain("1=1").doesNotContain("lang");
        assertThat(sql.sql()).isEqualTo("(coalesce((c.metadata -> ?) = cast(? as jsonb), false) and "
                + "coalesce((c.metadata -> ?) = any(cast(? as jsonb[])), false))");
        assertThat(sql.params()).hasSize(4);
        assertThat(sql.params().get(0)).isEqualTo(evilKey);
        assertThat(sql.params().get(1)).isEqualTo("\"a' or '1'='1\"");
        assertThat((String[]) sql.params().get(3)).containsExactlyInAnyOrder("\"en\"", "\"de\"");
    }

    @Test
    void should_write_numbers_as_json_numbers_and_negations_that_match_missing_keys() {
        // when
        SqlFragment eq = MetadataFilterSql.toSql(new IsEqualTo("year", 2020), "m");
        SqlFragment ne = MetadataFilterSql.toSql(new IsNotEqualTo("year", 2020), "m");
        SqlFragment contains = MetadataFilterSql.toSql(new ContainsString("title", "%_"), "m");

        // then
        assertThat(eq.params()).containsExactly("year", "2020");
        assertThat(ne.sql()).contains("is distinct from");
        assertThat(contains.sql()).contains("strpos").doesNotContain("like").doesNotContain("~");
    }

    @Test
    void should_be_true_without_a_filter() {
        assertThat(MetadataFilterSql.toSql(null, "m")).isEqualTo(SqlFragment.TRUE);
    }
}
