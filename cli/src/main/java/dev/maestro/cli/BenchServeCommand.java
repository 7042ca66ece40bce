package dev.maestro.cli;

import dev.maestro.Maestro;
import dev.maestro.agents.AgentSpec;
import dev.maestro.server.SseLoadClient;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.server.Health;
import dev.maestro.server.MaestroServer;
import dev.maestro.server.PacedStreamingModel;
import dev.maestro.core.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code maestro bench serve}: the server under N concurrent SSE streams on loopback, against a fake model that
 * streams a fixed number of tokens at a fixed delay. Reports errors, time-to-first-token overhead (measured TTFT
 * minus the model's own first-token delay) p50/p99, tokens/s and peak heap. Bounded: stops after the duration.
 * Register on the {@code bench} group.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Benchmark the HTTP server: N concurrent SSE clients for a duration against a fake streaming model on loopback.",
                "Goal: 0 errors and TTFT overhead p99 <= 100 ms at 200 streams. Uses the configured database for runs."})
final class BenchServeCommand implements java.util.concurrent.Callable<Integer> {

    static final double TARGET_P99_MS = 100;
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "200", description = "Concurrent streams (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "60s", description = "How long to run, e.g. 60s or 2m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--tokens", paramLabel = "N", defaultValue = "50", description = "Tokens per answer (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--token-delay", paramLabel = "TIME", defaultValue = "20ms", description = "Fake model delay per token (default: ${DEFAULT-VALUE}).")
    String tokenDelay;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "5s", description = "Samples from this first period are not counted (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1 || concurrency > 2000 || tokens < 1) {
            throw new ConfigException("--concurrency must be 1..2000 and --tokens >= 1, were " + concurrency + " and " + tokens);
        }
        Duration total = parse(duration, "--duration");
        Duration delay = parse(tokenDelay, "--token-delay");
        Duration warm = parse(warmup, "--warmup");
        if (total.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new ConfigException("--duration is at most 30m, was " + duration);
        }
        CliContext ctx = ((MaestroCommand) spec.root().userObject()).context();
        PrintStream out = ctx.out();
        AppConfig config = benchConfig(ctx.config());
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        PacedStreamingModel model = new PacedStreamingModel(tokens, delay, scheduler);
        List<Long> overheads = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicLong tokenCount = new AtomicLong();
        AtomicLong runsDone = new AtomicLong();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max), 0, 100, TimeUnit.MILLISECONDS);
        // the server's own cost, as it always measured: one answer agent (no routing), no memory, turns kept in this
        // process (no checkpoint writes or database locks held through a turn), over a paced fake model
        try (Maestro maestro = Maestro.builder().config(config).streamingChatModel(model).setupLog(ctx.err())
                     .memory(false).durable(false).retrieval(false).backgroundMemory(false)
                     .agent(new AgentSpec("general", AgentSpec.Role.ANSWER, "", "general.system", "", "", false, List.of(), List.of()))
                     .build();
             MaestroServer server = MaestroServer.builder().maestro(maestro)
                     .health(new Health(() -> null, () -> null)).build().start("127.0.0.1", 0);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + server.port();
            out.printf(Locale.ROOT, "bench serve: %d streams for %s, fake model %d tokens x %s, server on %s%n",
                    concurrency, duration, tokens, tokenDelay, base);
            long start = System.nanoTime();
            long end = start + total.toNanos();
            long warmEnd = start + warm.toNanos();
            Map<Integer, String> conversations = new ConcurrentHashMap<>();
            for (int i = 0; i < concurrency; i++) {
                int client = i;
                clients.execute(() -> {
                    sleep(client * 1000L / concurrency); // spread the start over the first second
                    try (SseLoadClient sse = new SseLoadClient("127.0.0.1", server.port())) {
                    while (System.nanoTime() < end) {
                        try {
                            String conversation = conversations.computeIfAbsent(client, c -> create(http, base));
                            SseLoadClient.Sample s = sse.stream("/api/conversations/" + conversation + "/messages",
                                    "{\"content\": \"count for me\", \"stream\": true}");
                            if (s.error() != null) {
                                errors.add(s.error());
                                sleep(100);
                            } else {
                                tokenCount.addAndGet(s.tokens());
                                runsDone.incrementAndGet();
                                if (s.startNanos() > warmEnd) {
                                    overheads.add(s.ttftNanos() - delay.toNanos());
                                }
                            }
                        } catch (RuntimeException e) {
                            errors.add(e.toString());
                            sleep(100);
                        }
                    }
                    }
                });
            }
            clients.shutdown();
            if (!clients.awaitTermination(total.toSeconds() + 120, TimeUnit.SECONDS)) {
                errors.add("clients did not stop within the duration + 120 s");
                clients.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            report(out, overheads, errors, tokenCount.get(), runsDone.get(), seconds, peakHeap.get());
        } finally {
            sampler.shutdownNow();
            scheduler.shutdownNow();
        }
        return ExitCodes.OK;
    }

    private static String create(HttpClient http, String base) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/conversations"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("create conversation: " + r.statusCode() + " " + r.body());
            }
            String body = r.body();
            int i = body.indexOf("\"id\":\"") + 6;
            return body.substring(i, body.indexOf('"', i));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void report(PrintStream out, List<Long> overheads, ConcurrentLinkedQueue<String> errors, long tokenCount, long runs,
                        double seconds, long peakHeap) {
        List<Long> sorted = new ArrayList<>(overheads);
        Collections.sort(sorted);
        double p50 = percentile(sorted, 0.50);
        double p99 = percentile(sorted, 0.99);
        double max = sorted.isEmpty() ? 0 : sorted.getLast() / 1e6;
        out.printf(Locale.ROOT, "runs %d, errors %d, tokens %d in %.1f s = %.0f tokens/s%n", runs, errors.size(), tokenCount, seconds, tokenCount / seconds);
        out.printf(Locale.ROOT, "TTFT overhead (after warm-up, %d samples): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", sorted.size(), p50, p99, max);
        out.printf(Locale.ROOT, "peak heap %.0f MiB (max heap %.0f MiB)%n", peakHeap / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
        errors.stream().distinct().limit(5).forEach(e -> out.println("  error: " + e));
        boolean met = errors.isEmpty() && p99 <= TARGET_P99_MS;
        out.printf(Locale.ROOT, "goal (0 errors, overhead p99 <= %.0f ms at %d streams): %s%n", TARGET_P99_MS, concurrency, met ? "met" : "MISSED");
    }

    private static double percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1))) / 1e6;
    }

    private AppConfig benchConfig(AppConfig config) {
        Map<Setting, String> s = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            s.put(setting, config.raw(setting));
        }
        s.put(Setting.SERVER_RATE_LIMIT, "0");
        s.put(Setting.SERVER_AUTH, "auto");
        s.put(Setting.SERVER_MAX_CONCURRENT_RUNS, Integer.toString(concurrency * 2));
        s.put(Setting.DB_POOL_SIZE, Integer.toString(Math.max(config.dbPoolSize(), 16)));
        return AppConfig.of(s);
    }

    private static Duration parse(String value, String option) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(option + " must be a duration such as 500ms, 60s or 2m, was '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
