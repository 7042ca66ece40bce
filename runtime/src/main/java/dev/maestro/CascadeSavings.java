package dev.maestro;

import dev.maestro.core.usage.PriceTable;
import dev.maestro.graph.RunEvent;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cascade decision saved against "always large", in USD from the price table: when the small model's answer
 * stood, what the large model would have cost for the same tokens minus what the small one and any check cost; when
 * it escalated, minus what the wasted attempt and checks cost. Unknown (never 0) when a price is missing.
 */
final class CascadeSavings {

    private CascadeSavings() {
    }

    static RunEvent priced(RunEvent event, PriceTable prices) {
        Optional<BigDecimal> saved = saved(event.data(), prices);
        Map<String, Object> data = new LinkedHashMap<>(event.data());
        if (saved.isPresent()) {
            data.put("saved_cost_usd", saved.get().doubleValue());
        } else {
            data.put("saved_cost_unknown", true);
        }
        return new RunEvent(event.type(), event.node(), event.atMs(), data);
    }

    static Optional<BigDecimal> saved(Map<String, Object> data, PriceTable prices) {
        BigDecimal saved = BigDecimal.ZERO;
        if (!Boolean.TRUE.equals(data.get("escalated"))) {
            long in = number(data.get("small_input_tokens"));
            long out = number(data.get("small_output_tokens"));
            Optional<BigDecimal> large = prices.cost(String.valueOf(data.get("large_model")), in, out);
            Optional<BigDecimal> small = prices.cost(String.valueOf(data.get("small_model")), in, out);
            if (large.isEmpty() || small.isEmpty()) {
                return Optional.empty();
            }
            saved = large.get().subtract(small.get());
        }
        if (data.get("extra_calls") instanceof List<?> extras) {
            for (Object o : extras) {
                Map<?, ?> call = (Map<?, ?>) o;
                Optional<BigDecimal> cost = prices.cost(String.valueOf(call.get("model")), number(call.get("input_tokens")),
                        number(call.get("output_tokens")));
                if (cost.isEmpty()) {
                    return Optional.empty();
                }
                saved = saved.subtract(cost.get());
            }
        }
        return Optional.of(saved);
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }
}
