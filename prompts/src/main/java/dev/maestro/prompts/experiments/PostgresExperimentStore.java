package dev.maestro.prompts.experiments;

import dev.maestro.core.DatabaseException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** An {@link ExperimentStore} in PostgreSQL (tables {@code prompt_experiment_*}, migration V14). */
public final class PostgresExperimentStore implements ExperimentStore {

    private final DataSource dataSource;

    public PostgresExperimentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<ArmStats> stats(Experiment experiment) {
        Map<Integer, long[]> counts = new HashMap<>();
        experiment.versions().forEach(v -> counts.put(v, new long[3]));
        String sql = "select version, 0, count(*) filter (where up), count(*) filter (where not up) from prompt_experiment_votes "
                + "where experiment_id = ? group by version "
                + "union all select version, turns, 0, 0 from prompt_experiment_arms where experiment_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, experiment.id());
            st.setString(2, experiment.id());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long[] arm = counts.get(rs.getInt(1));
                    if (arm != null) { // a version dropped from the experiment keeps its rows but is no arm
                        arm[0] += rs.getLong(2);
                        arm[1] += rs.getLong(3);
                        arm[2] += rs.getLong(4);
                    }
                }
            }
        } catch (SQLException e) {
            throw failed("Reading the arms of prompt experiment " + experiment.id(), e);
        }
        List<ArmStats> out = new ArrayList<>();
        for (int v : experiment.versions()) {
            long[] arm = counts.get(v);
            out.add(new ArmStats(v, arm[1], arm[2], arm[0]));
        }
        return out;
    }

    @Override
    public OptionalInt assignment(String experimentId, String conversation) {
        return optionalInt("select version from prompt_experiment_assignments where experiment_id = ? and conversation_id = ?",
                "Reading the arm of conversation " + conversation, experimentId, conversation);
    }

    @Override
    public int assign(String experimentId, String conversation, int version) {
        // the no-op update makes "returning" give the stored row when another instance assigned first
        String sql = "insert into prompt_experiment_assignments (experiment_id, conversation_id, version) values (?, ?, ?) "
                + "on conflict (experiment_id, conversation_id) do update set version = prompt_experiment_assignments.version returning version";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, experimentId);
            st.setString(2, conversation);
            st.setInt(3, version);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw failed("Assigning conversation " + conversation + " to an arm of prompt experiment " + experimentId, e);
        }
    }

    @Override
    public void recordTurn(String experimentId, int version) {
        update("insert into prompt_experiment_arms (experiment_id, version, turns) values (?, ?, 1) "
                + "on conflict (experiment_id, version) do update set turns = prompt_experiment_arms.turns + 1",
                "Counting a turn of prompt experiment " + experimentId, experimentId, version);
    }

    @Override
    public void recordVote(String experimentId, String key, int version, boolean up) {
        update("insert into prompt_experiment_votes (experiment_id, vote_key, version, up) values (?, ?, ?, ?) "
                + "on conflict (experiment_id, vote_key) do update set version = excluded.version, up = excluded.up, created_at = now()",
                "Recording a vote in prompt experiment " + experimentId, experimentId, key, version, up);
    }

    @Override
    public OptionalInt winner(String experimentId) {
        return optionalInt("select version from prompt_experiment_winners where experiment_id = ?",
                "Reading the winner of prompt experiment " + experimentId, experimentId);
    }

    @Override
    public void declareWinner(String experimentId, int version, double probability) {
        update("insert into prompt_experiment_winners (experiment_id, version, probability) values (?, ?, ?) on conflict do nothing",
                "Declaring the winner of prompt experiment " + experimentId, experimentId, version, probability);
    }

    private OptionalInt optionalInt(String sql, String what, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    private void update(String sql, String what, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            st.executeUpdate();
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    private static void bind(PreparedStatement st, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
    }

    private static DatabaseException failed(String what, SQLException e) {
        return new DatabaseException(what + " in the prompt_experiment_* tables failed: " + e.getMessage()
                + " (are the migrations applied? run ./maestro db up)", e);
    }
}
