package dev.maestro.rag.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import dev.maestro.core.InvalidInputException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Translates a LangChain4j metadata {@link Filter} into a WHERE condition over a JSONB column. Keys and values
 * are always bound as parameters ({@code column -> ?}), so no caller string ever becomes SQL text.
 * Comparisons use jsonb semantics: numbers compare numerically ({@code 1 = 1.0}), a missing key never matches
 * except in the negative forms, which (as in LangChain4j's in-memory filter) match when the key is absent.
 */
public final class MetadataFilterSql {

    private MetadataFilterSql() {
    }

    /** @param column a trusted column expression, e.g. {@code c.metadata} */
    public static SqlFragment toSql(Filter filter, String column) {
        if (filter == null) {
            return SqlFragment.TRUE;
        }
        List<Object> params = new ArrayList<>();
        String sql = render(filter, column, params);
        return new SqlFragment(sql, params);
    }

    private static String render(Filter f, String col, List<Object> p) {
        return switch (f) {
            case And and -> "(" + render(and.left(), col, p) + " and " + render(and.right(), col, p) + ")";
            case Or or -> "(" + render(or.left(), col, p) + " or " + render(or.right(), col, p) + ")";
            case Not not -> "(not coalesce(" + render(not.expression(), col, p) + ", false))";
            case IsEqualTo eq -> compare(col, eq.key(), "=", eq.comparisonValue(), p);
            case IsNotEqualTo ne -> {
                p.add(ne.key());
                p.add(json(ne.comparisonValue()));
                yield "((" + col + " -> ?) is distinct from cast(? as jsonb))";
            }
            case IsGreaterThan gt -> compare(col, gt.key(), ">", gt.comparisonValue(), p);
            case IsGreaterThanOrEqualTo ge -> compare(col, ge.key(), ">=", ge.comparisonValue(), p);
            case IsLessThan lt -> compare(col, lt.key(), "<", lt.comparisonValue(), p);
            case IsLessThanOrEqualTo le -> compare(col, le.key(), "<=", le.comparisonValue(), p);
            case IsIn in -> {
                p.add(in.key());
                p.add(jsonArray(in.comparisonValues()));
                yield "coalesce((" + col + " -> ?) = any(cast(? as jsonb[])), false)";
            }
            case IsNotIn nin -> {
                p.add(nin.key());
                p.add(jsonArray(nin.comparisonValues()));
                yield "(not coalesce((" + col + " -> ?) = any(cast(? as jsonb[])), false))";
            }
            case ContainsString cs -> {
                // strpos, not LIKE or ~: the value is a literal substring, never a pattern
                p.add(cs.key());
                p.add(cs.comparisonValue());
                yield "coalesce(strpos(" + col + " ->> ?, ?) > 0, false)";
            }
            default -> throw new InvalidInputException("Unsupported metadata filter " + f.getClass().getSimpleName()
                    + "; use IsEqualTo, IsNotEqualTo, IsGreaterThan(OrEqualTo), IsLessThan(OrEqualTo), IsIn, IsNotIn,"
                    + " ContainsString, And, Or or Not");
        };
    }

    private static String compare(String col, String key, String op, Object value, List<Object> p) {
        p.add(key);
        p.add(json(value));
        return "coalesce((" + col + " -> ?) " + op + " cast(? as jsonb), false)";
    }

    private static String[] jsonArray(Collection<?> values) {
        return values.stream().map(MetadataFilterSql::json).toArray(String[]::new);
    }

    private static String json(Object value) {
        Object v = value instanceof UUID || value instanceof Character ? value.toString() : value;
        try {
            return Json.MAPPER.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("Metadata filter value " + value + " cannot be written as JSON: " + e.getOriginalMessage());
        }
    }
}
