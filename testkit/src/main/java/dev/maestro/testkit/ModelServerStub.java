package dev.maestro.testkit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/**
 * A fake model server on a free local port (WireMock), speaking one provider's wire format.
 * <p>
 * Use it as a JUnit extension on a <b>static</b> field (it resets before each test and stops after the
 * class), or with try-with-resources:
 * <pre>{@code
 * @RegisterExtension
 * static final OllamaStub ollama = new OllamaStub();
 *
 * @Test
 * void answers() {
 *     ollama.replyWith("Hi!", 12, 3);
 *     // point the model's base URL at ollama.baseUrl() ...
 *     assertThat(ollama.requestCount()).isEqualTo(1);
 * }
 * }</pre>
 * Helpers that set a response apply to every request they match from then on; when several match,
 * the one set last wins. {@link #failFirst} failures come before all of them.
 *
 * @param <S> the concrete stub, so helpers chain
 * @since 0.1
 */
public abstract class ModelServerStub<S extends ModelServerStub<S>> implements AutoCloseable, BeforeEachCallback, AfterAllCallback {

    /** Priority of {@link #failFirst} stubs: above every other (WireMock's default is 5; lower wins). */
    private static final int FIRST_PRIORITY = 1;
    private static final AtomicInteger SCENARIOS = new AtomicInteger();

    protected final WireMockServer server;

    protected ModelServerStub() {
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .http2PlainDisabled(true));
        server.start();
    }

    /** What to configure as the provider's base URL. */
    public abstract String baseUrl();

    /** {@code http://127.0.0.1:<port>}, without any API path. */
    public String serverUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** The WireMock server underneath, for anything the helpers do not cover. */
    public WireMockServer wireMock() {
        return server;
    }

    /** Every request from now on gets {@code status} with {@code body} and {@code headers}. */
    public S failWith(int status, String body, Map<String, String> headers) {
        server.stubFor(any(anyUrl()).willReturn(failure(status, body, headers)));
        return self();
    }

    public S failWith(int status, String body) {
        return failWith(status, body, Map.of());
    }

    /** The next {@code times} requests get {@code status}; later ones get whatever else is set up. */
    public S failFirst(int times, int status, String body, Map<String, String> headers) {
        return first(times, failure(status, body, headers));
    }

    /** Every request from now on has its connection reset before any response. */
    public S dropConnection() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        return self();
    }

    /** The next {@code times} requests have their connection reset; later ones get whatever else is set up. */
    public S dropConnectionFirst(int times) {
        return first(times, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    /** Every response, from now until {@link #reset()}, waits {@code delay} before its headers. */
    public S delay(Duration delay) {
        server.setGlobalFixedDelay(Math.toIntExact(delay.toMillis()));
        return self();
    }

    /** Requests received so far, oldest first. */
    public List<RecordedRequest> requests() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        return events.stream().map(e -> recorded(e.getRequest())).toList();
    }

    public int requestCount() {
        return server.getAllServeEvents().size();
    }

    /** Forgets every response set up, every request received and any delay. */
    public void reset() {
        server.resetAll();
        server.setGlobalFixedDelay(0);
    }

    @Override
    public void close() {
        server.stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + baseUrl() + "]";
    }

    protected abstract S self();

    protected final S stub(MappingBuilder mapping) {
        server.stubFor(mapping);
        return self();
    }

    private S first(int times, ResponseDefinitionBuilder response) {
        String scenario = "first-" + SCENARIOS.incrementAndGet();
        for (int i = 0; i < times; i++) {
            server.stubFor(any(anyUrl())
                    .atPriority(FIRST_PRIORITY)
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "after-" + i)
                    .willSetStateTo("after-" + (i + 1))
                    .willReturn(response));
        }
        return self();
    }

    private static ResponseDefinitionBuilder failure(int status, String body, Map<String, String> headers) {
        ResponseDefinitionBuilder response = aResponse().withStatus(status).withHeader("Content-Type", "application/json");
        headers.forEach(response::withHeader);
        return body == null ? response : response.withBody(body);
    }

    private static RecordedRequest recorded(LoggedRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpHeader header : request.getHeaders().all()) {
            headers.put(header.key().toLowerCase(Locale.ROOT), header.firstValue());
        }
        return new RecordedRequest(request.getMethod().getName(), request.getUrl(), headers, request.getBodyAsString());
    }
}
