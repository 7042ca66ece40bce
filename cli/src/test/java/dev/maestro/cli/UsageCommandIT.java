package dev.maestro.cli;

import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code maestro usage} over stored model calls: sums by tenant, agent and model; unknown costs shown as such. */
class UsageCommandIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @TempDir
    Path dir;

    @Test
    void should_sum_tokens_and_cost_by_tenant_agent_and_model_and_write_a_report() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("insert into model_usage (tenant_id, agent, model, input_tokens, output_tokens, cost_usd) values"
                    + " ('acme', 'general', 'gpt-4o-mini', 1000, 200, 0.00027),"
                    + " ('acme', 'general', 'gpt-4o-mini', 3000, 100, 0.00051),"
                    + " ('acme', 'coder', 'llama3.2', 500, 500, null),"
                    + " ('globex', 'general', 'gpt-4o-mini', 10, 10, 0.0000075),"
                    + " ('acme', 'general', 'gpt-4o-mini', 99999, 1, 1.0)");
            st.executeUpdate("update model_usage set created_at = now() - interval '10 days' where input_tokens = 99999");
        }
        Map<String, String> env = new HashMap<>();
        env.put("MAESTRO_DB_URL", db.jdbcUrl());
        env.put("MAESTRO_DB_USER", db.user());
        env.put("MAESTRO_DB_PASSWORD", db.password());

        CliRun run = CliRun.of(env, "usage", "--tenant", "acme", "--since", "7d", "--out", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("3 model calls");
        // 0.00027 + 0.00051 = 0.00078; the call older than 7 days and globex's are left out
        assertThat(run.out()).containsPattern("acme +general +gpt-4o-mini +2 +4000 +300 +\\$0\\.00078");
        assertThat(run.out()).containsPattern("acme +coder +llama3\\.2 +1 +500 +500 +unknown");
        assertThat(run.out()).doesNotContain("globex");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("| acme | general | gpt-4o-mini | 2 | 4000 | 300 | $0.00078 |");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<img");
        assertThat(CliRun.of(env, "usage", "--since", "soon").err()).contains("--since must be a duration such as 24h");
    }
}
