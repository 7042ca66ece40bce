package dev.maestro.providers.bench;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Provider;
import dev.maestro.core.config.Setting;
import dev.maestro.providers.ModelHealth;
import dev.maestro.providers.ModelRef;
import dev.maestro.providers.Providers;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The core of {@code maestro bench failover}: fake OpenAI-compatible servers on loopback (one that answers at once, one
 * port that refuses connections, one that accepts and never answers) and three measurements — the chain's added
 * latency when all is healthy, the time to answer from the fallback when the primary refuses connections, and the same
 * with the primary hanging, before and after its breaker opens.
 *
 * @since 0.1
 */
public final class FailoverBenchmark {

    /** Medians in milliseconds. */
    public record Result(double directMs, double chainMs, double refusedMs, double hangingBeforeOpenMs, double hangingAfterOpenMs,
                         Duration readTimeout) {

        public double overheadMs() {
            return chainMs - directMs;
        }
    }

    private static final String SSE = Arrays.stream(new String[] {
            "{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":null}]}",
            "{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
            "[DONE]"}).map(e -> "data: " + e + "\n\n").reduce("", String::concat);

    private FailoverBenchmark() {
    }

    /**
     * @param calls       measured calls per scenario (after as many warm-up calls)
     * @param readTimeout how long the hanging primary is waited for before its failure counts
     * @param progress    one line per scenario
     */
    public static Result run(int calls, Duration readTimeout, Consumer<String> progress) throws IOException {
        HttpServer healthy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        healthy.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = SSE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        healthy.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        healthy.start();
        int refused = freePort();
        try (ServerSocket hanging = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> hold(hanging));
            String good = "http://127.0.0.1:" + healthy.getAddress().getPort() + "/v1";
            ModelHealth health = new ModelHealth(new ModelHealth.BreakerSettings(50, Duration.ofSeconds(60), 100, 4, 4, Duration.ofMinutes(10)));

            AppConfig healthyConfig = config(good, good, readTimeout);
            ModelRef fake = new ModelRef(Provider.OPENAI, "fake");
            StreamingChatModel direct = Providers.streamingChatModel(healthyConfig, fake);
            StreamingChatModel chain = Providers.streamingChain(healthyConfig, List.of(fake), health);
            progress.accept("healthy: " + calls + " calls direct and through a chain of one, alternating");
            long[][] healthyNanos = alternate(direct, chain, calls);
            double directMs = median(healthyNanos[0]);
            double chainMs = median(healthyNanos[1]);

            progress.accept("primary refuses connections: " + calls + " calls");
            StreamingChatModel refusedChain = chain("http://127.0.0.1:" + refused, good, readTimeout,
                    new ModelHealth(new ModelHealth.BreakerSettings(50, Duration.ofSeconds(60), 100, 1000, 1000, Duration.ofMinutes(10))), "refused");
            double refusedMs = median(time(refusedChain, calls));

            progress.accept("primary hangs: calls until its breaker opens (" + readTimeout.toMillis() + " ms read timeout each), then " + calls + " calls");
            StreamingChatModel hangingChain = chain("http://127.0.0.1:" + hanging.getLocalPort(), good, readTimeout, health, "hanging");
            double beforeOpen = median(time(hangingChain, 4));
            double afterOpen = median(time(hangingChain, calls));
            acceptor.interrupt();
            return new Result(directMs, chainMs, refusedMs, beforeOpen, afterOpen, readTimeout);
        } finally {
            healthy.stop(0);
        }
    }

    /** The primary on the Ollama base URL (it fails before any byte, so its wire format does not matter), the fallback the healthy OpenAI fake. */
    private static StreamingChatModel chain(String primary, String fallback, Duration readTimeout, ModelHealth health, String name) {
        AppConfig config = config(fallback, primary, readTimeout);
        return Providers.streamingChain(config, List.of(new ModelRef(Provider.OLLAMA, "primary-" + name),
                new ModelRef(Provider.OPENAI, "fallback-" + name)), health);
    }

    private static AppConfig config(String openAiUrl, String ollamaUrl, Duration readTimeout) {
        Map<Setting, String> s = new EnumMap<>(Setting.class);
        s.put(Setting.PROVIDER, "openai");
        s.put(Setting.OPENAI_BASE_URL, openAiUrl);
        s.put(Setting.OPENAI_API_KEY, "sk-bench");
        s.put(Setting.OLLAMA_BASE_URL, ollamaUrl);
        s.put(Setting.MAX_ATTEMPTS, "1");
        s.put(Setting.CONNECT_TIMEOUT, "2s");
        s.put(Setting.READ_TIMEOUT, readTimeout.toMillis() + "ms");
        return AppConfig.of(s);
    }

    private static long[][] alternate(StreamingChatModel a, StreamingChatModel b, int calls) {
        time(a, calls);
        time(b, calls);
        long[][] out = new long[2][calls];
        for (int i = 0; i < calls; i++) {
            out[i % 2 == 0 ? 0 : 1][i] = once(i % 2 == 0 ? a : b);
            out[i % 2 == 0 ? 1 : 0][i] = once(i % 2 == 0 ? b : a);
        }
        return out;
    }

    private static long[] time(StreamingChatModel model, int calls) {
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            nanos[i] = once(model);
        }
        return nanos;
    }

    private static long once(StreamingChatModel model) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        long t0 = System.nanoTime();
        model.chat("ping", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
            }

            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                done.complete(completeResponse);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("a benchmark call failed: " + e.getMessage(), e);
        }
        return System.nanoTime() - t0;
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    private static void hold(ServerSocket server) {
        List<Socket> held = new ArrayList<>();
        while (!server.isClosed() && !Thread.currentThread().isInterrupted()) {
            try {
                held.add(server.accept()); // read nothing, answer nothing
            } catch (IOException e) {
                return;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
