package dev.maestro.core.usage;

import dev.maestro.core.ConfigException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceTableTest {

    private final PriceTable table = PriceTable.parse("gpt-4o-mini=0.15/0.60, openai:gpt-4o=2.50/10, llama3.2=0/0", "cost.prices");

    @Test
    void costs_are_tokens_times_price_per_million() {
        // 1200 × 0.15 / 1e6 + 300 × 0.60 / 1e6 = 0.00018 + 0.00018
        assertThat(table.cost("gpt-4o-mini", 1200, 300)).contains(new BigDecimal("0.00036"));
        // 10,000 × 2.50 / 1e6 + 2,000 × 10 / 1e6 = 0.025 + 0.02
        assertThat(table.cost("gpt-4o", 10_000, 2_000).orElseThrow()).isEqualByComparingTo("0.045");
        assertThat(table.cost("llama3.2", 5000, 5000).orElseThrow()).isEqualByComparingTo("0");
    }

    @Test
    void dated_and_tagged_names_take_the_longest_matching_key_and_unknown_models_have_no_cost() {
        assertThat(table.cost("gpt-4o-mini-2024-07-18", 1_000_000, 0).orElseThrow()).isEqualByComparingTo("0.15");
        assertThat(table.cost("gpt-4o-2024-08-06", 1_000_000, 0).orElseThrow()).isEqualByComparingTo("2.50");
        assertThat(table.cost("llama3.2:3b", 1, 1).orElseThrow()).isEqualByComparingTo("0");
        assertThat(table.cost("gpt-4omni", 1, 1)).as("not a dash or colon after the key").isEmpty();
        assertThat(table.cost("mistral", 1, 1)).isEmpty();
        assertThat(PriceTable.empty().cost("gpt-4o-mini", 1, 1)).isEmpty();
    }

    @Test
    void malformed_prices_name_the_setting_and_the_entry() {
        assertThatThrownBy(() -> PriceTable.parse("gpt-4o-mini=0.15", "cost.prices")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cost.prices").hasMessageContaining("'gpt-4o-mini=0.15'").hasMessageContaining("MODEL=INPUT/OUTPUT");
        assertThatThrownBy(() -> PriceTable.parse("m=-1/2", "cost.prices")).isInstanceOf(ConfigException.class).hasMessageContaining("≥ 0");
    }

    @Test
    void budgets_refuse_at_the_limit_say_which_and_reset_at_midnight_utc() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T15:30:00Z"), ZoneOffset.UTC);
        Budgets budgets = new Budgets(new Budgets.Limits(1000, BigDecimal.ZERO), Budgets.parseTenants("acme=0/2.50", "budget.tenants"), clock);

        budgets.check("globex", new Budgets.Used(999, BigDecimal.TEN));
        assertThatThrownBy(() -> budgets.check("globex", new Budgets.Used(1000, BigDecimal.ZERO)))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("Tenant globex has used 1,000 of its 1,000 tokens")
                .hasMessageContaining("resets at 2026-12-08T00:00:00Z");
        budgets.check("acme", new Budgets.Used(1_000_000, new BigDecimal("2.49")));
        assertThatThrownBy(() -> budgets.check("acme", new Budgets.Used(1, new BigDecimal("2.50"))))
                .isInstanceOf(BudgetExceededException.class).hasMessageContaining("spent $2.5 of its $2.5");
        assertThat(budgets.dayStart()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        assertThat(Budgets.none().any()).isFalse();
    }
}
