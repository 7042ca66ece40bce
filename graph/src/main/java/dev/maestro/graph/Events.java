package dev.maestro.graph;

import dev.maestro.agents.TokenSink;
import org.bsc.langgraph4j.RunnableConfig;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Turns what nodes do into {@link RunEvent}s for the run's listener, which travels in run-scoped metadata. */
final class Events {

    /** Metadata key of the run's listener; metadata is never checkpointed. */
    static final String LISTENER = "maestro.listener";

    private Events() {
    }

    static Sink of(RunnableConfig config, Clock clock) {
        RunListener listener = config.metadata(LISTENER).map(RunListener.class::cast).orElse(RunListener.NONE);
        return new Sink(listener, clock);
    }

    record Sink(RunListener listener, Clock clock) {

        void emit(RunEvent.Type type, String node, Map<String, Object> data) {
            listener.onEvent(new RunEvent(type, node, clock.millis(), data));
        }

        TokenSink tokens(String agent, boolean parallel) {
            return new TokenSink() {
                @Override
                public void onToken(String token) {
                    emit(RunEvent.Type.TOKEN, agent, Map.of("agent", agent, "text", token, "parallel", parallel));
                }

                @Override
                public void onRetrieval(String strategy, List<String> sources) {
                    emit(RunEvent.Type.RETRIEVAL, agent, Map.of("agent", agent, "strategy", strategy, "sources", sources,
                            "parallel", parallel));
                }
            };
        }
    }
}
