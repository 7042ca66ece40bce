package dev.maestro.providers;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.maestro.core.config.Provider;
import dev.maestro.core.Ensure;
import dev.maestro.core.MaestroException;
import dev.maestro.core.ProviderException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * LangChain4j's {@link HttpClient} on {@code java.net.http}, with the resilience Maestro wants from
 * every provider call, so that the models themselves run with {@code maxRetries(0)}:
 * <ul>
 *   <li>HTTP/1.1 only (the JDK's {@code h2c} upgrade confuses some local servers and stubs);</li>
 *   <li>a connect timeout, and a read timeout that runs until the response headers arrive;</li>
 *   <li>up to {@code maxAttempts} attempts on 408, 429, 5xx, refused or dropped connections and timeouts,
 *       waiting {@code retryBackoff}, then twice as long each time (at most {@link #MAX_BACKOFF}), or what
 *       the server's {@code Retry-After} asks for (seconds or an HTTP date, at most {@link #MAX_RETRY_AFTER});</li>
 *   <li>a stream is retried only until a 2xx response arrives: once events may have reached the
 *       listener, a failure goes to {@link ServerSentEventListener#onError} and is not retried;</li>
 *   <li>every failure becomes one {@link ProviderException}, mapped here and nowhere else, with its
 *       {@link ProviderException.Kind}, HTTP status, attempts, {@code Retry-After} and a message that names the
 *       provider, its base URL and what to do. API keys never appear in messages or logs.</li>
 * </ul>
 * Build it with {@link #builder()} and hand the builder to a model's {@code httpClientBuilder(..)};
 * {@link Providers} does this for every model it creates.
 *
 * @since 0.1
 */
public final class ResilientHttpClient implements HttpClient {

    /** Longest wait between two attempts, however far the doubling has gone. */
    public static final Duration MAX_BACKOFF = RetryTiming.MAX_BACKOFF;
    /** Longest {@code Retry-After} honoured; a server asking for more gets this much. */
    public static final Duration MAX_RETRY_AFTER = RetryTiming.MAX_RETRY_AFTER;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);
    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);
    /** How much of an error body is read from a stream before giving up on the rest. */
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ResilientHttpClient.class);
    private static final Executor STREAMS =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("maestro-provider-stream-", 0).factory());

    private final java.net.http.HttpClient delegate;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final ProviderErrors errors;
    private final Retry retry;

    private ResilientHttpClient(Builder builder) {
        Ensure.notNull(builder.provider, "provider");
        Ensure.notBlank(builder.baseUrl, "baseUrl");
        this.connectTimeout = firstNonNull(builder.fixedConnectTimeout, builder.connectTimeout, DEFAULT_CONNECT_TIMEOUT);
        this.readTimeout = firstNonNull(builder.fixedReadTimeout, builder.readTimeout, DEFAULT_READ_TIMEOUT);
        this.maxAttempts = Ensure.positive(builder.maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : builder.maxAttempts, "maxAttempts");
        this.retryBackoff = builder.retryBackoff == null ? DEFAULT_RETRY_BACKOFF : builder.retryBackoff;
        this.errors = new ProviderErrors(builder.provider, builder.baseUrl, builder.model,
                builder.purpose == null ? ModelPurpose.CHAT : builder.purpose);
        this.delegate = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
        this.retry = Retry.of("maestro-" + builder.provider.name().toLowerCase(Locale.ROOT), RetryConfig.<Object>custom()
                .maxAttempts(maxAttempts)
                .retryOnException(e -> e instanceof AttemptFailure f && f.retriable())
                .intervalBiFunction(interval())
                .failAfterMaxAttempts(false)
                .build());
        retry.getEventPublisher().onRetry(event -> log.warn("{} failed ({}); attempt {} of {} in {} ms",
                errors.where(), event.getLastThrowable() == null ? "?" : event.getLastThrowable().getMessage(),
                event.getNumberOfRetryAttempts() + 1, maxAttempts, event.getWaitInterval().toMillis()));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        java.net.http.HttpRequest jdkRequest = toJdkRequest(request);
        List<String> secrets = secretsOf(request);
        AtomicInteger attempts = new AtomicInteger();
        try {
            HttpResponse<byte[]> response = retry.executeSupplier(() -> {
                attempts.incrementAndGet();
                return send(jdkRequest, BodyHandlers.ofByteArray(), r -> new String(r.body(), StandardCharsets.UTF_8));
            });
            return toSuccessful(response, response.body());
        } catch (AttemptFailure failure) {
            throw errors.toException(failure, attempts.get(), connectTimeout, readTimeout, secrets);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        java.net.http.HttpRequest jdkRequest = toJdkRequest(request);
        List<String> secrets = secretsOf(request);
        STREAMS.execute(() -> stream(jdkRequest, secrets, parser, listener));
    }

    private void stream(java.net.http.HttpRequest jdkRequest, List<String> secrets, ServerSentEventParser parser,
                        ServerSentEventListener listener) {
        AtomicInteger attempts = new AtomicInteger();
        HttpResponse<InputStream> response;
        try {
            response = retry.executeSupplier(() -> {
                attempts.incrementAndGet();
                return send(jdkRequest, BodyHandlers.ofInputStream(), ResilientHttpClient::drain);
            });
        } catch (AttemptFailure failure) {
            safely(() -> listener.onError(errors.toException(failure, attempts.get(), connectTimeout, readTimeout, secrets)));
            return;
        } catch (RuntimeException e) {
            safely(() -> listener.onError(e));
            return;
        }
        // From here on events may reach the listener: no more retries, failures go to onError.
        StreamListener guarded = new StreamListener(listener, attempts.get(), secrets);
        safely(() -> listener.onOpen(toSuccessful(response, null)));
        try (InputStream body = response.body()) {
            parser.parse(body, guarded);
        } catch (IOException | RuntimeException e) {
            guarded.onError(e);
        }
        if (!guarded.failed) {
            safely(listener::onClose);
        }
    }

    /** One attempt: a 2xx response, or an {@link AttemptFailure} that the retry loop inspects. */
    private <T> HttpResponse<T> send(java.net.http.HttpRequest request, BodyHandler<T> handler,
                                     Function<HttpResponse<T>, String> errorBody) {
        HttpResponse<T> response;
        try {
            response = delegate.send(request, handler);
        } catch (IOException e) {
            throw AttemptFailure.io(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaestroException("Interrupted while waiting for " + errors.where() + "; the request was abandoned", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        throw AttemptFailure.status(status, errorBody.apply(response), RetryTiming.parseRetryAfter(retryAfter, Instant.now()));
    }

    private IntervalBiFunction<Object> interval() {
        return (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof AttemptFailure f && f.retryAfter() != null) {
                return f.retryAfter().toMillis();
            }
            return RetryTiming.backoff(retryBackoff, attempt).toMillis();
        };
    }

    private java.net.http.HttpRequest toJdkRequest(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("ResilientHttpClient does not send multipart form data (" + request.url()
                    + "); use LangChain4j's JdkHttpClient for audio and image uploads");
        }
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder()
                .uri(URI.create(request.url()))
                .timeout(readTimeout)
                .method(request.method().name(),
                        request.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofString(request.body()));
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    /** Credentials the request carries (the bearer token, headers named like key or token), to keep out of messages. */
    private static List<String> secretsOf(HttpRequest request) {
        List<String> secrets = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (values != null && (lower.equals("authorization") || lower.contains("key") || lower.contains("token"))) {
                for (String value : values) {
                    if (value == null) {
                        continue;
                    }
                    secrets.add(value);
                    int space = value.indexOf(' ');
                    if (space > 0) {
                        secrets.add(value.substring(space + 1).strip());
                    }
                }
            }
        });
        return secrets;
    }

    private static String drain(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return new String(body.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static SuccessfulHttpResponse toSuccessful(HttpResponse<?> response, byte[] body) {
        return SuccessfulHttpResponse.builder()
                .statusCode(response.statusCode())
                .headers(response.headers().map())
                .body(body)
                .build();
    }

    private static Duration firstNonNull(Duration fixed, Duration set, Duration fallback) {
        return fixed != null ? fixed : set != null ? set : fallback;
    }

    /** Listener callbacks must not break the client; what they throw is logged and dropped. */
    private static void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.warn("A streaming listener threw; ignored", e);
        }
    }

    @Override
    public String toString() {
        return "ResilientHttpClient[" + errors.where() + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", maxAttempts=" + maxAttempts + ", retryBackoff=" + retryBackoff + "]";
    }

    /** Passes events through; maps a broken stream to a {@link ProviderException} and suppresses {@code onClose} after it. */
    private final class StreamListener implements ServerSentEventListener {

        private final ServerSentEventListener delegate;
        private final int attempts;
        private final List<String> secrets;
        private volatile boolean failed;

        StreamListener(ServerSentEventListener delegate, int attempts, List<String> secrets) {
            this.delegate = delegate;
            this.attempts = attempts;
            this.secrets = secrets;
        }

        @Override
        public void onOpen(SuccessfulHttpResponse response) {
            delegate.onOpen(response);
        }

        @Override
        public void onEvent(ServerSentEvent event,
                            ServerSentEventContext context) {
            delegate.onEvent(event, context);
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            delegate.onEvent(event);
        }

        @Override
        public void onError(Throwable error) {
            if (failed) {
                return;
            }
            failed = true;
            Throwable mapped = error instanceof ProviderException ? error : errors.midStream(error, attempts, secrets);
            safely(() -> delegate.onError(mapped));
        }

        @Override
        public void onClose() {
            delegate.onClose();
        }
    }

    /**
     * Builds a {@link ResilientHttpClient}. {@code provider} and {@code baseUrl} are required; they and
     * {@code model} appear in error messages. Defaults: connect timeout 10 s, read timeout 120 s, 3 attempts,
     * first backoff 500 ms, purpose {@link ModelPurpose#CHAT}.
     */
    public static final class Builder implements HttpClientBuilder {

        private Provider provider;
        private String baseUrl;
        private String model;
        private ModelPurpose purpose;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Duration fixedConnectTimeout;
        private Duration fixedReadTimeout;
        private Integer maxAttempts;
        private Duration retryBackoff;

        private Builder() {
        }

        public Builder provider(Provider provider) {
            this.provider = provider;
            return this;
        }

        /** The base URL as configured (shown in messages; requests carry their own full URL). */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder purpose(ModelPurpose purpose) {
            this.purpose = purpose;
            return this;
        }

        /** Attempts per call, first included; 1 disables retries. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Wait before the second attempt; it doubles for each further one, up to {@link #MAX_BACKOFF}. */
        public Builder retryBackoff(Duration retryBackoff) {
            this.retryBackoff = retryBackoff;
            return this;
        }

        /**
         * Timeouts that win over {@link #connectTimeout(Duration)} and {@link #readTimeout(Duration)}.
         * LangChain4j's OpenAI models call those two with their own defaults (15 s and 60 s) or with their
         * single {@code timeout}, which would otherwise replace the configured values.
         */
        public Builder fixedTimeouts(Duration connectTimeout, Duration readTimeout) {
            this.fixedConnectTimeout = Ensure.notNull(connectTimeout, "connectTimeout");
            this.fixedReadTimeout = Ensure.notNull(readTimeout, "readTimeout");
            return this;
        }

        @Override
        public Duration connectTimeout() {
            return fixedConnectTimeout != null ? fixedConnectTimeout : connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return fixedReadTimeout != null ? fixedReadTimeout : readTimeout;
        }

        /** Time allowed until the response headers arrive; a stream may take longer to finish. */
        @Override
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        @Override
        public ResilientHttpClient build() {
            return new ResilientHttpClient(this);
        }
    }
}
