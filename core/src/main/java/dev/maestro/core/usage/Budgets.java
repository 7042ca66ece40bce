package dev.maestro.core.usage;

import dev.maestro.core.ConfigException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Daily limits per tenant (UTC days): {@code budget.daily-tokens} and {@code budget.daily-cost} for every tenant,
 * {@code budget.tenants} ({@code acme=200000/2.50}) for some; 0 means no limit.
 *
 * @since 0.1
 */
public final class Budgets {

    /** A tenant's limits; 0 tokens or a zero cost means that limit is off. */
    public record Limits(long tokens, BigDecimal cost) {
        public boolean none() {
            return tokens == 0 && cost.signum() == 0;
        }
    }

    /** What a tenant used today. */
    public record Used(long tokens, BigDecimal cost) {
    }

    private final Limits defaults;
    private final Map<String, Limits> tenants;
    private final Clock clock;

    public Budgets(Limits defaults, Map<String, Limits> tenants, Clock clock) {
        this.defaults = defaults;
        this.tenants = Map.copyOf(tenants);
        this.clock = clock;
    }

    public static Budgets none() {
        return new Budgets(new Limits(0, BigDecimal.ZERO), Map.of(), Clock.systemUTC());
    }

    /** Parses {@code budget.tenants}: {@code TENANT=TOKENS/COST, …}. */
    public static Map<String, Limits> parseTenants(String text, String where) {
        Map<String, Limits> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String entry : text.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            int slash = e.indexOf('/');
            try {
                if (eq <= 0 || slash < eq) {
                    throw new NumberFormatException();
                }
                long tokens = Long.parseLong(e.substring(eq + 1, slash).strip());
                BigDecimal cost = new BigDecimal(e.substring(slash + 1).strip());
                if (tokens < 0 || cost.signum() < 0) {
                    throw new NumberFormatException();
                }
                out.put(e.substring(0, eq).strip(), new Limits(tokens, cost));
            } catch (NumberFormatException ex) {
                throw new ConfigException(where + ": '" + e + "' must be TENANT=TOKENS/COST (0 for no limit), e.g. acme=200000/2.50");
            }
        }
        return out;
    }

    public Limits limits(String tenant) {
        return tenants.getOrDefault(tenant, defaults);
    }

    public boolean any() {
        return !defaults.none() || tenants.values().stream().anyMatch(l -> !l.none());
    }

    /** Where today (UTC) started. */
    public Instant dayStart() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** When today's usage resets: the next midnight UTC. */
    public Instant resetsAt() {
        return dayStart().plusSeconds(86_400);
    }

    public Clock clock() {
        return clock;
    }

    /** @throws BudgetExceededException when {@code used} reached one of the tenant's limits */
    public void check(String tenant, Used used) {
        Limits l = limits(tenant);
        if (l.tokens() > 0 && used.tokens() >= l.tokens()) {
            throw new BudgetExceededException(tenant, String.format(Locale.ROOT,
                    "Tenant %s has used %,d of its %,d tokens for today (UTC); the daily token budget resets at %s. Raise budget.daily-tokens "
                            + "or the tenant's entry in budget.tenants to allow more.", tenant, used.tokens(), l.tokens(), resetsAt()), resetsAt());
        }
        if (l.cost().signum() > 0 && used.cost().compareTo(l.cost()) >= 0) {
            throw new BudgetExceededException(tenant, String.format(Locale.ROOT,
                    "Tenant %s has spent $%s of its $%s for today (UTC); the daily cost budget resets at %s. Raise budget.daily-cost "
                            + "or the tenant's entry in budget.tenants to allow more.", tenant, used.cost().stripTrailingZeros().toPlainString(),
                    l.cost().stripTrailingZeros().toPlainString(), resetsAt()), resetsAt());
        }
    }
}
