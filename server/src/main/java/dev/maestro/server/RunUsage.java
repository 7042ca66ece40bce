package dev.maestro.server;

import dev.maestro.core.db.UsageLog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's model calls (rows of {@code model_usage} with its run id) summed in total and per agent. A cost is the sum
 * of its calls' prices; null, with {@code costUnknown} true, when any of them had no price: unknown, never 0.
 */
record RunUsage(long inputTokens, long outputTokens, Double costUsd, boolean costUnknown, List<Agent> byAgent, List<Call> calls) {

    /** One agent's calls in the run (the router's classifier is agent {@code router}). */
    record Agent(String agent, int calls, long inputTokens, long outputTokens, Double costUsd, boolean costUnknown) {
    }

    /** One model call, in the order they were made. */
    record Call(String agent, String model, int inputTokens, int outputTokens, Double costUsd, boolean costUnknown) {
    }

    static RunUsage of(List<UsageLog.Call> rows) {
        Map<String, List<UsageLog.Call>> perAgent = new LinkedHashMap<>();
        List<Call> calls = new ArrayList<>();
        for (UsageLog.Call r : rows) {
            perAgent.computeIfAbsent(r.agent(), k -> new ArrayList<>()).add(r);
            calls.add(new Call(r.agent(), r.model(), r.inputTokens(), r.outputTokens(),
                    r.cost() == null ? null : r.cost().doubleValue(), r.cost() == null));
        }
        List<Agent> agents = new ArrayList<>();
        perAgent.forEach((agent, own) -> {
            Sum s = Sum.of(own);
            agents.add(new Agent(agent, own.size(), s.in, s.out, s.cost(), s.unknown));
        });
        Sum total = Sum.of(rows);
        return new RunUsage(total.in, total.out, total.cost(), total.unknown, List.copyOf(agents), List.copyOf(calls));
    }

    private record Sum(long in, long out, BigDecimal priced, boolean unknown) {
        static Sum of(List<UsageLog.Call> rows) {
            long in = 0;
            long out = 0;
            BigDecimal priced = BigDecimal.ZERO;
            boolean unknown = false;
            for (UsageLog.Call r : rows) {
                in += r.inputTokens();
                out += r.outputTokens();
                if (r.cost() == null) {
                    unknown = true;
                } else {
                    priced = priced.add(r.cost());
                }
            }
            return new Sum(in, out, priced, unknown);
        }

        Double cost() {
            return unknown ? null : priced.doubleValue();
        }
    }
}
