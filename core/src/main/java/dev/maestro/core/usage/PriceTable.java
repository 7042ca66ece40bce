package dev.maestro.core.usage;

import dev.maestro.core.ConfigException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prices of models per million input and output tokens (USD), from {@code cost.prices}:
 * {@code gpt-4o-mini=0.15/0.60, llama3.2=0/0}. A model is priced by the longest key its reported name equals or
 * starts with followed by {@code -} or {@code :} (so {@code gpt-4o-mini} prices {@code gpt-4o-mini-2024-07-18} and
 * {@code llama3.2} prices {@code llama3.2:3b}); an {@code ollama:} or {@code openai:} prefix on a key is allowed and
 * ignored. A model with no price has an unknown cost — never 0.
 *
 * @since 0.1
 */
public final class PriceTable {

    /** Per million tokens. */
    public record Price(BigDecimal input, BigDecimal output) {
    }

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    public static PriceTable empty() {
        return new PriceTable(Map.of());
    }

    /**
     * @param text  {@code MODEL=IN/OUT, …}
     * @param where the setting, for errors
     */
    public static PriceTable parse(String text, String where) {
        Map<String, Price> prices = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return new PriceTable(prices);
        }
        for (String entry : text.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.lastIndexOf('=');
            int slash = e.indexOf('/', Math.max(eq, 0));
            if (eq <= 0 || slash < 0) {
                throw new ConfigException(where + ": '" + e + "' must be MODEL=INPUT/OUTPUT in USD per million tokens, e.g. gpt-4o-mini=0.15/0.60");
            }
            String model = e.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (model.startsWith("ollama:") || model.startsWith("openai:")) {
                model = model.substring(model.indexOf(':') + 1);
            }
            try {
                BigDecimal in = new BigDecimal(e.substring(eq + 1, slash).strip());
                BigDecimal out = new BigDecimal(e.substring(slash + 1).strip());
                if (in.signum() < 0 || out.signum() < 0) {
                    throw new NumberFormatException("negative");
                }
                prices.put(model, new Price(in, out));
            } catch (NumberFormatException ex) {
                throw new ConfigException(where + ": the prices in '" + e + "' must be numbers ≥ 0 (USD per million tokens), e.g. gpt-4o-mini=0.15/0.60");
            }
        }
        return new PriceTable(prices);
    }

    public boolean isEmpty() {
        return prices.isEmpty();
    }

    /** The price of {@code model} as a provider reported it, if the table has one. */
    public Optional<Price> price(String model) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        String best = null;
        for (String key : prices.keySet()) {
            boolean matches = m.equals(key) || (m.startsWith(key) && (m.charAt(key.length()) == '-' || m.charAt(key.length()) == ':'));
            if (matches && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        return Optional.ofNullable(best).map(prices::get);
    }

    /** The cost of one call in USD, or empty when the model has no price. */
    public Optional<BigDecimal> cost(String model, long inputTokens, long outputTokens) {
        return price(model).map(p -> p.input().multiply(BigDecimal.valueOf(inputTokens)).add(p.output().multiply(BigDecimal.valueOf(outputTokens)))
                .divide(MILLION, MathContext.DECIMAL64));
    }
}
