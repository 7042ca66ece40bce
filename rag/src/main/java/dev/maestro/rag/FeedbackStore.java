package dev.maestro.rag;

import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The feedback log (table {@code rag_feedback}): what {@code adaptive} and {@code learned} learn from.
 *
 * @since 0.1
 */
public final class FeedbackStore {

    private final RagStore store;

    public FeedbackStore(RagStore store) {
        this.store = Ensure.notNull(store, "store");
    }

    /** A logged feedback event with its id. */
    public record Logged(long id, Feedback feedback) {
    }

    /** Appends one event; returns its id. */
    public long record(RagCollection collection, Feedback f) {
        return recordAll(collection, List.of(f)).getFirst();
    }

    /** Appends events in one transaction; returns their ids. */
    public List<Long> recordAll(RagCollection collection, List<Feedback> events) {
        List<Long> ids = new ArrayList<>(events.size());
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("""
                    insert into rag_feedback (collection_id, query, features, strategy, shown, cited, reward)
                    values (?, ?, ?, ?, ?, ?, ?)""", new String[]{"id"})) {
                for (Feedback f : events) {
                    st.setLong(1, collection.id());
                    st.setString(2, f.query());
                    st.setArray(3, c.createArrayOf("float8", Arrays.stream(f.features()).boxed().toArray()));
                    st.setString(4, f.strategy());
                    st.setArray(5, c.createArrayOf("bigint", f.shown().toArray()));
                    st.setArray(6, c.createArrayOf("bigint", f.cited().toArray()));
                    st.setDouble(7, f.reward());
                    st.addBatch();
                }
                st.executeBatch();
                try (ResultSet rs = st.getGeneratedKeys()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Recording feedback for collection '" + collection.name() + "' failed: " + e.getMessage(), e);
        }
        return ids;
    }

    /** Deletes every event of the collection (e.g. before a simulation); returns how many. */
    public int clear(RagCollection collection) {
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("delete from rag_feedback where collection_id = ?")) {
            st.setLong(1, collection.id());
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("Clearing feedback of collection '" + collection.name() + "' failed: " + e.getMessage(), e);
        }
    }

    /** Every event of the collection, oldest first. */
    public List<Logged> all(RagCollection collection) {
        List<Logged> out = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("""
                     select id, query, features, strategy, shown, cited, reward from rag_feedback
                     where collection_id = ? order by id""")) {
            st.setLong(1, collection.id());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Logged(rs.getLong(1), new Feedback(rs.getString(2), doubles(rs.getArray(3)), rs.getString(4),
                            longs(rs.getArray(5)), longs(rs.getArray(6)), rs.getDouble(7))));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("Reading feedback of collection '" + collection.name() + "' failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static double[] doubles(Array a) throws SQLException {
        Object[] v = (Object[]) a.getArray();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = ((Number) v[i]).doubleValue();
        }
        return out;
    }

    private static List<Long> longs(Array a) throws SQLException {
        Object[] v = (Object[]) a.getArray();
        List<Long> out = new ArrayList<>(v.length);
        for (Object o : v) {
            out.add(((Number) o).longValue());
        }
        return out;
    }
}
