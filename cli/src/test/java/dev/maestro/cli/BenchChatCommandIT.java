package dev.maestro.cli;

import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code maestro bench chat} on a real PostgreSQL with the bundled embedding model: its figures, and that it cleans up. */
class BenchChatCommandIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    private static Map<String, String> env() {
        return Map.of("MAESTRO_DB_URL", db.jdbcUrl(), "MAESTRO_DB_USER", db.user(), "MAESTRO_DB_PASSWORD", db.password());
    }

    @Test
    void should_print_both_sides_and_their_ratio_and_leave_nothing_behind() throws SQLException {
        // when
        CliRun run = CliRun.of(env(), "bench", "chat", "--turns", "6", "--warmup", "2");

        // then: both sides measured, and the ratio is the quotient of the two medians printed
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("turns measured: 6 per side, interleaved (after 2 warm-up turns per side and a VACUUM ANALYZE)")
                .containsPattern("while measuring: JIT compilation \\d+ ms, \\d+ garbage collections \\(\\d+ ms\\)")
                .containsPattern("maestro time inside nodes \\(mean ms\\):.* load_memory \\d+\\.\\d");
        double maestro = p50(run.out(), "maestro  ");
        double baseline = p50(run.out(), "baseline ");
        assertThat(maestro).isPositive();
        assertThat(baseline).isPositive();
        Matcher ratio = Pattern.compile("ratio maestro/baseline: p50 (\\d+\\.\\d+)").matcher(run.out());
        assertThat(ratio.find()).as(run.out()).isTrue();
        // the medians are printed to 0.1 ms, the ratio of the unrounded ones to 0.01
        assertThat(Double.parseDouble(ratio.group(1))).isCloseTo(maestro / baseline, org.assertj.core.data.Offset.offset(0.05 * maestro / baseline + 0.01));
        // no benchmark conversation, message, memory job, checkpoint or baseline table is left
        assertThat(count("select count(*) from conversations where tenant_id = 'bench'")).isZero();
        assertThat(count("select count(*) from messages")).isZero();
        assertThat(count("select count(*) from memory_jobs")).isZero();
        assertThat(count("select count(*) from graph_checkpoints")).isZero();
        assertThat(count("select count(*) from pg_tables where tablename = 'bench_baseline_embeddings'")).isZero();
    }

    private static double p50(String out, String side) {
        Matcher m = Pattern.compile(Pattern.quote(side) + "\\(.*\\): +p50 (\\d+\\.\\d+) ms").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
