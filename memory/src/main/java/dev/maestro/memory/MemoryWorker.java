package dev.maestro.memory;

import dev.maestro.core.Ensure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs the background work of a {@link PostgresMemory} from the durable queue: episodes (batched embeddings), rolling
 * summaries and fact extraction. Several workers, in one process or many, may run at once; each job is claimed with a
 * lease, and a job whose worker died is claimed again after the lease expires, so a restart resumes pending work.
 *
 * <pre>{@code
 * try (MemoryWorker worker = memory.worker("api-1")) {
 *     worker.start();    // polls in a daemon thread
 *     ...
 * }
 * memory.worker("eval").runPending();   // or drain synchronously
 * }</pre>
 *
 * @since 0.1
 */
public final class MemoryWorker implements AutoCloseable {

    /** How long a claimed job stays with its worker before others may take it (defaults to 2 min). */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Delay before a failed job is retried, doubled per attempt (defaults to 5 s). */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(5);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(MemoryWorker.class);

    private final PostgresMemory memory;
    private final String name;
    private final Duration lease;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration retryDelay;
    private final Duration pollInterval;
    private final JobRunner runner;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean closing;

    private MemoryWorker(Builder b) {
        this.memory = b.memory;
        this.name = b.name != null ? b.name : "worker-" + UUID.randomUUID();
        this.lease = b.lease != null ? b.lease : DEFAULT_LEASE;
        this.batchSize = Ensure.positive(b.batchSize != null ? b.batchSize : DEFAULT_BATCH_SIZE, "batchSize");
        this.maxAttempts = Ensure.positive(b.maxAttempts != null ? b.maxAttempts : DEFAULT_MAX_ATTEMPTS, "maxAttempts");
        this.retryDelay = b.retryDelay != null ? b.retryDelay : DEFAULT_RETRY_DELAY;
        this.pollInterval = b.pollInterval != null ? b.pollInterval : DEFAULT_POLL_INTERVAL;
        this.runner = new JobRunner(memory, name);
    }

    static Builder builder(PostgresMemory memory) {
        return new Builder(memory);
    }

    public String name() {
        return name;
    }

    /**
     * Claims one batch of due jobs and runs it.
     *
     * @return how many jobs were claimed (0 when none was due)
     */
    public int runOnce() {
        List<JobQueue.Job> jobs = claim();
        if (jobs.isEmpty()) {
            return 0;
        }
        List<JobQueue.Job> episodes = new ArrayList<>();
        for (JobQueue.Job job : jobs) {
            if (job.kind() == JobQueue.Kind.EPISODE) {
                episodes.add(job);
            }
        }
        if (!episodes.isEmpty()) {
            guarded(episodes, () -> runner.episodes(episodes));
        }
        for (JobQueue.Job job : jobs) {
            switch (job.kind()) {
                case SUMMARIZE -> guarded(List.of(job), () -> runner.summarize(job));
                case EXTRACT -> guarded(List.of(job), () -> runner.extract(job));
                case EPISODE -> {
                    // done above, in one batch
                }
            }
        }
        return jobs.size();
    }

    /** Runs due jobs until none is left; for tests, evaluations and one-shot CLI use. @return jobs claimed in all */
    public int runPending() {
        int total = 0;
        int n;
        while ((n = runOnce()) > 0) {
            total += n;
        }
        return total;
    }

    /** Polls the queue in a daemon thread until {@link #close()}. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        closing = false;
        thread = Thread.ofPlatform().daemon().name("maestro-memory-" + name).start(this::loop);
    }

    /** Stops polling after the current batch; a job interrupted by the JVM's end is resumed by the next worker. */
    @Override
    public synchronized void close() {
        running = false;
        closing = true;
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(lease.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Claims without running: what a worker that crashes right after claiming leaves behind. Tests use it. */
    List<JobQueue.Job> claim() {
        Instant now = memory.clock.instant();
        return memory.jdbc.tx("claiming memory jobs", c -> JobQueue.claim(c, name, batchSize, now, lease));
    }

    private void loop() {
        while (running) {
            try {
                if (runOnce() == 0) {
                    Thread.sleep(pollInterval.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Memory worker {}: {}", name, e.getMessage());
                try {
                    Thread.sleep(pollInterval.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void guarded(List<JobQueue.Job> jobs, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            if (closing || stopping(e)) {
                // closed mid-job: not a failure; the jobs go back to the queue when their lease ends
                LOG.debug("Memory worker {} stopped during {} job(s) {}", name, jobs.getFirst().kind(), jobs.stream().map(JobQueue.Job::id).toList());
                Thread.currentThread().interrupt();
                return;
            }
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("Memory worker {}: {} job(s) {} failed: {}", name, jobs.getFirst().kind(), jobs.stream().map(JobQueue.Job::id).toList(), error);
            Instant now = memory.clock.instant();
            memory.jdbc.tx("recording a failed memory job", c -> {
                for (JobQueue.Job job : jobs) {
                    Duration delay = retryDelay.multipliedBy(1L << Math.min(10, Math.max(0, job.attempts() - 1)));
                    JobQueue.fail(c, job, name, error, now.plus(delay), maxAttempts);
                }
                return null;
            });
        }
    }

    private static boolean stopping(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** Options of a worker; all have defaults. */
    public static final class Builder {
        private final PostgresMemory memory;
        private String name;
        private Duration lease;
        private Integer batchSize;
        private Integer maxAttempts;
        private Duration retryDelay;
        private Duration pollInterval;

        private Builder(PostgresMemory memory) {
            this.memory = Ensure.notNull(memory, "memory");
        }

        /** Recorded as {@code locked_by}; defaults to a random id. Use a distinct name per worker. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder lease(Duration lease) {
            this.lease = lease;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** After this many attempts a job is left as {@code failed}; defaults to {@value #DEFAULT_MAX_ATTEMPTS}. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder retryDelay(Duration retryDelay) {
            this.retryDelay = retryDelay;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public MemoryWorker build() {
            return new MemoryWorker(this);
        }
    }
}
