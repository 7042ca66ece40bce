package dev.maestro;

import dev.maestro.core.db.UsageLog;
import dev.maestro.core.usage.PriceTable;
import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunListener;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Prices a turn's model calls as they are reported and stores them when the turn ends (finished, failed or paused):
 * each {@code usage} event gains {@code cost_usd}, or {@code cost_unknown: true} when the model has no price (unknown,
 * never 0), and the {@code run_finished} event the priced calls' total and {@code cost_complete} (false when a call
 * was unpriced; no {@code cost_usd} at all when none was priced). A {@code cascade} event gains what the cascade
 * saved against always answering with the large model ({@link CascadeSavings}).
 */
final class UsageMeter implements RunListener {

    private final String tenant;
    private final UUID conversation;
    private final UUID run;
    private final PriceTable prices;
    private final UsageLog log;
    private final RunListener next;
    private final List<UsageLog.Call> calls = new ArrayList<>();

    /** @param run the caller's run id the calls are stored under; null for none */
    UsageMeter(String tenant, UUID conversation, UUID run, PriceTable prices, UsageLog log, RunListener next) {
        this.tenant = tenant;
        this.conversation = conversation;
        this.run = run;
        this.prices = prices;
        this.log = log;
        this.next = next;
    }

    @Override
    public void onEvent(RunEvent event) {
        switch (event.type()) {
            case USAGE -> next.onEvent(priced(event));
            case CASCADE -> next.onEvent(CascadeSavings.priced(event, prices));
            case RUN_FINISHED -> {
                next.onEvent(withTotal(event));
                flush();
            }
            case RUN_FAILED, INTERRUPTED -> {
                next.onEvent(event);
                flush();
            }
            default -> next.onEvent(event);
        }
    }

    private RunEvent priced(RunEvent event) {
        String model = event.text("model");
        int in = number(event.data().get("input_tokens"));
        int out = number(event.data().get("output_tokens"));
        BigDecimal cost = prices.cost(model, in, out).orElse(null);
        synchronized (calls) {
            calls.add(new UsageLog.Call(tenant, conversation, run, event.text("agent"), model, in, out, cost));
        }
        Map<String, Object> data = new LinkedHashMap<>(event.data());
        if (cost == null) {
            data.put("cost_unknown", true);
        } else {
            data.put("cost_usd", cost.doubleValue());
        }
        return new RunEvent(event.type(), event.node(), event.atMs(), data);
    }

    private RunEvent withTotal(RunEvent event) {
        BigDecimal total = BigDecimal.ZERO;
        boolean unpriced = false;
        synchronized (calls) {
            for (UsageLog.Call c : calls) {
                if (c.cost() == null) {
                    unpriced = true;
                } else {
                    total = total.add(c.cost());
                }
            }
        }
        Map<String, Object> data = new LinkedHashMap<>(event.data());
        if (!(unpriced && total.signum() == 0)) {
            data.put("cost_usd", total.doubleValue());
        }
        data.put("cost_complete", !unpriced);
        return new RunEvent(event.type(), event.node(), event.atMs(), data);
    }

    private void flush() {
        List<UsageLog.Call> batch;
        synchronized (calls) {
            batch = List.copyOf(calls);
            calls.clear();
        }
        log.record(batch);
    }

    private static int number(Object v) {
        return v instanceof Number n ? n.intValue() : 0;
    }
}
