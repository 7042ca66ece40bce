package dev.maestro.agents.routing;

import dev.maestro.core.Ensure;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Estimates a request's {@link Complexity} from cheap, deterministic surface features; no model call.
 *
 * <p>Points are added up:
 * <ul>
 *   <li>length: +1 above {@value #LONG_WORDS} words, +2 above {@value #VERY_LONG_WORDS};</li>
 *   <li>questions: +1 for 2 or 3 question marks, +2 for 4 or more;</li>
 *   <li>multi-step words ("then", "after that", "finally", "step by step", "compare", "plan", "design",
 *       "pros and cons", "trade-off", "versus", ...): +2 for one, +4 for two or more distinct ones;</li>
 *   <li>code: +1 for a fenced ({@code ```}) or indented code block, or several code-looking lines;</li>
 *   <li>lists: +1 for 3 or more bulleted or numbered lines.</li>
 * </ul>
 * Under {@value #MODERATE_AT} points is {@link Complexity#SIMPLE}, under {@value #COMPLEX_AT} is
 * {@link Complexity#MODERATE}, the rest {@link Complexity#COMPLEX}. So "compare Java and Kotlin" is
 * moderate, and "first design the schema, then write the migration" is complex.
 *
 * @since 0.1
 */
public final class ComplexityEstimator {

    static final int LONG_WORDS = 40;
    static final int VERY_LONG_WORDS = 120;
    static final int MODERATE_AT = 2;
    static final int COMPLEX_AT = 4;

    private static final List<Pattern> MULTI_STEP = words(
            "then", "after that", "afterwards", "finally", "step[- ]by[- ]step", "compare", "comparison", "versus",
            "vs\\.?", "pros and cons", "trade[- ]?offs?", "plan", "design", "architect(ure)?", "analy[sz]e",
            "evaluate", "refactor", "migrate", "optimi[sz]e", "implement", "break (it |this )?down", "in detail");
    private static final Pattern FENCE = Pattern.compile("```|~~~");
    private static final Pattern CODE_LINE = Pattern.compile("(?m)^( {4}|\\t)\\S|[;{}]\\s*$|\\b(def|class|function|public|return|import)\\b.*[(:{]");
    private static final Pattern LIST_ITEM = Pattern.compile("(?m)^\\s*([-*\u2022]|\\d+[.)])\\s+\\S");

    private static final ComplexityEstimator STANDARD = new ComplexityEstimator();

    private ComplexityEstimator() {
    }

    /** Stateless; share it. */
    public static ComplexityEstimator standard() {
        return STANDARD;
    }

    public Complexity estimate(String request) {
        int points = score(Ensure.notNull(request, "request"));
        return points < MODERATE_AT ? Complexity.SIMPLE : points < COMPLEX_AT ? Complexity.MODERATE : Complexity.COMPLEX;
    }

    /** The points behind {@link #estimate}, for tests and explanations. */
    int score(String request) {
        String text = request.toLowerCase(Locale.ROOT);
        String[] words = text.strip().split("\\s+");
        int wordCount = text.isBlank() ? 0 : words.length;
        int points = wordCount > VERY_LONG_WORDS ? 2 : wordCount > LONG_WORDS ? 1 : 0;

        int questions = count(text, '?');
        points += questions >= 4 ? 2 : questions >= 2 ? 1 : 0;

        int markers = 0;
        for (Pattern p : MULTI_STEP) {
            if (p.matcher(text).find()) {
                markers++;
            }
        }
        points += markers >= 2 ? 4 : markers == 1 ? 2 : 0;

        if (FENCE.matcher(text).find() || matches(CODE_LINE, text) >= 2) {
            points++;
        }
        if (matches(LIST_ITEM, text) >= 3) {
            points++;
        }
        return points;
    }

    private static int count(String text, char c) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    private static int matches(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static List<Pattern> words(String... words) {
        return Arrays.stream(words).map(w -> Pattern.compile("\\b" + w + "\\b")).toList();
    }
}
