package dev.maestro.rag.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A piece of SQL with its {@code ?} parameters, in order. Only this project's code writes the SQL text;
 * every value that came from a caller is a parameter.
 */
public record SqlFragment(String sql, List<Object> params) {

    public static final SqlFragment TRUE = new SqlFragment("true", List.of());

    public SqlFragment {
        params = List.copyOf(params);
    }

    /** Binds the parameters starting at {@code index}; returns the next free index. */
    public int bind(PreparedStatement st, int index) throws SQLException {
        int i = index;
        for (Object p : params) {
            if (p instanceof String[] array) {
                st.setArray(i++, st.getConnection().createArrayOf("text", array));
            } else {
                st.setObject(i++, p);
            }
        }
        return i;
    }
}
