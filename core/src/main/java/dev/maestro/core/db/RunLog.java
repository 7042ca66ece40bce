package dev.maestro.core.db;

import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Writes one row per model call into {@code runs}.
 *
 * <pre>{@code
 * new RunLog(database.dataSource()).record(RunRecord.ok(id, "ollama", "llama3.2", 12, 40, 830));
 * }</pre>
 *
 * @since 0.1
 */
public final class RunLog {

    private static final String INSERT = "insert into runs (id, provider, model, status, input_tokens, output_tokens, latency_ms, error)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;

    public RunLog(DataSource dataSource) {
        this.dataSource = Ensure.notNull(dataSource, "dataSource");
    }

    /** Inserts the run; throws {@link DatabaseException} naming the run id when that fails. */
    public void record(RunRecord run) {
        Ensure.notNull(run, "run");
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(INSERT)) {
            st.setObject(1, run.id());
            st.setString(2, run.provider());
            st.setString(3, run.model());
            st.setString(4, run.status());
            setInt(st, 5, run.inputTokens());
            setInt(st, 6, run.outputTokens());
            st.setLong(7, run.latencyMs());
            st.setString(8, run.error());
            st.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            throw SqlErrors.translate(e, null, "recording run " + run.id() + " in table runs");
        }
    }

    private static void setInt(PreparedStatement st, int index, Integer value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.INTEGER);
        } else {
            st.setInt(index, value);
        }
    }
}
