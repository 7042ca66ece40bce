package dev.maestro.evals.report;

import java.util.Collection;
import java.util.Locale;

/**
 * The rule every eval suite follows for a metric without a denominator (out-of-scope recall with no out-of-scope
 * queries, a category or query set with no items): it is NaN in memory, {@code null} in {@code results.json}
 * (see {@link ReportJson}), {@value #NOT_APPLICABLE} in tables and left out of {@link Report}'s charts.
 *
 * @since 0.1
 */
public final class Metric {

    public static final String NOT_APPLICABLE = "n/a";

    private Metric() {
    }

    /** {@code part / whole}; NaN (not applicable) when {@code whole} is 0. */
    public static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    /** The mean; NaN (not applicable) when there are no values. */
    public static double mean(Collection<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).average().orElse(Double.NaN);
    }

    /** False for NaN and infinities, the values no report can show. */
    public static boolean applicable(double value) {
        return Double.isFinite(value);
    }

    /** False for null, NaN and infinities. */
    public static boolean applicable(Double value) {
        return value != null && Double.isFinite(value);
    }

    /** Rounded to {@code places} decimals; a value that is not applicable stays so (Math.round would make it 0). */
    public static double round(double value, int places) {
        if (!applicable(value)) {
            return value;
        }
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }

    /** {@code String.format(Locale.ROOT, pattern, value)}, or {@value #NOT_APPLICABLE}. */
    public static String format(String pattern, double value) {
        return applicable(value) ? String.format(Locale.ROOT, pattern, value) : NOT_APPLICABLE;
    }

    /** A share as a percentage with {@code decimals} places ({@code "93.00 %"}), or {@value #NOT_APPLICABLE}. */
    public static String percent(double share, int decimals) {
        return format("%." + decimals + "f %%", 100 * share);
    }

    /** A target table's "met" cell: yes, no, or {@value #NOT_APPLICABLE} when nothing was measured. */
    public static String met(double measured, boolean met) {
        return applicable(measured) ? (met ? "yes" : "no") : NOT_APPLICABLE;
    }
}
