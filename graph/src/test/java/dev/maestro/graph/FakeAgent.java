package dev.maestro.graph;

import dev.maestro.agents.Agent;
import dev.maestro.agents.AgentReply;
import dev.maestro.agents.AgentRequest;
import dev.maestro.agents.TokenSink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A test agent: answers with a function of the request, streams it as two tokens, records what it was asked. */
final class FakeAgent implements Agent {

    final String name;
    final Function<AgentRequest, String> answer;
    final List<AgentRequest> requests = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    /** When each reply began and ended (System.nanoTime). */
    final List<long[]> spans = new CopyOnWriteArrayList<>();
    volatile long delayMs;

    FakeAgent(String name, Function<AgentRequest, String> answer) {
        this.name = name;
        this.answer = answer;
    }

    static FakeAgent saying(String name, String text) {
        return new FakeAgent(name, r -> text);
    }

    FakeAgent slow(long ms) {
        this.delayMs = ms;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AgentReply reply(AgentRequest request, TokenSink sink) {
        long start = System.nanoTime();
        requests.add(request);
        threads.add(Thread.currentThread().getName());
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String text = answer.apply(request);
        int half = text.length() / 2;
        sink.onToken(text.substring(0, half));
        sink.onToken(text.substring(half));
        spans.add(new long[] {start, System.nanoTime()});
        return new AgentReply(name, text, name + "-model", 10, text.length(), name + ".system@v1");
    }
}
