package dev.maestro.providers;

import dev.maestro.core.config.Provider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResilientHttpClientTest {

    @Test
    void should_double_the_backoff_up_to_the_cap() {
        Duration initial = Duration.ofMillis(500);
        assertThat(RetryTiming.backoff(initial, 1)).isEqualTo(Duration.ofMillis(500));
        assertThat(RetryTiming.backoff(initial, 2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryTiming.backoff(initial, 3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryTiming.backoff(initial, 20)).isEqualTo(ResilientHttpClient.MAX_BACKOFF);
        assertThat(RetryTiming.backoff(Duration.ofMinutes(5), 1)).isEqualTo(ResilientHttpClient.MAX_BACKOFF);
    }

    @Test
    void should_read_retry_after_as_seconds_or_http_date_within_bounds() {
        Instant now = Instant.parse("2025-06-01T12:00:00Z");
        assertThat(RetryTiming.parseRetryAfter("1", now)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryTiming.parseRetryAfter(" 7 ", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryTiming.parseRetryAfter("Sun, 01 Jun 2025 12:00:05 GMT", now)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryTiming.parseRetryAfter("Sun, 01 Jun 2025 11:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryTiming.parseRetryAfter("3600", now)).isEqualTo(ResilientHttpClient.MAX_RETRY_AFTER);
        assertThat(RetryTiming.parseRetryAfter("soon", now)).isNull();
        assertThat(RetryTiming.parseRetryAfter(null, now)).isNull();
    }

    @Test
    void should_keep_fixed_timeouts_when_a_model_pushes_its_defaults() {
        // given
        ResilientHttpClient.Builder builder = ResilientHttpClient.builder()
                .provider(Provider.OPENAI)
                .baseUrl("http://localhost:1234/v1")
                .fixedTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(42));

        // when: what OpenAiChatModel does with its own defaults
        builder.connectTimeout(Duration.ofSeconds(15)).readTimeout(Duration.ofSeconds(60));

        // then
        assertThat(builder.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(builder.readTimeout()).isEqualTo(Duration.ofSeconds(42));
        assertThat(builder.build().toString()).contains("readTimeout=PT42S").contains("OpenAI-compatible server at http://localhost:1234/v1");
    }

    @Test
    void should_trim_and_scrub_the_providers_message() {
        String body = "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-abcdefghijkl. " + "x".repeat(400) + "\"}}";

        String message = ProviderErrors.providerMessage(body, List.of());

        assertThat(message).startsWith("Incorrect API key provided: ****. xxx").doesNotContain("abcdefghijkl").endsWith("…");
        assertThat(message).hasSize(ProviderErrors.MAX_DETAIL_CHARS + 1);
        assertThat(ProviderErrors.providerMessage("<html>\n  Bad   Gateway\n</html>", List.of()))
                .isEqualTo("<html> Bad Gateway </html>");
    }
}
