package dev.maestro.tools.builtin;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.maestro.core.Ensure;
import dev.maestro.tools.RiskLevel;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code http_get}: fetches a URL whose host is on an allow-list (exact host names, case-insensitive), http or https
 * only. Redirects are not followed (a redirect to another host would leave the list); the body is cut at
 * {@link #MAX_BYTES}.
 */
public final class HttpGetTool implements Tool {

    public static final String NAME = "http_get";
    /** Most response bytes returned to the model: 100 KB. */
    public static final int MAX_BYTES = 100_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final ToolSpecification SPEC = ToolSpecification.builder()
            .name(NAME)
            .description("HTTP GET of a URL on an allowed host; returns the status and the body as text.")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("url", "absolute http or https URL")
                    .required("url")
                    .build())
            .build();

    private final Set<String> allowedHosts;
    private final HttpClient client;

    public HttpGetTool(Set<String> allowedHosts) {
        Ensure.notNull(allowedHosts, "allowedHosts");
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public ToolSpecification specification() {
        return SPEC;
    }

    @Override
    public RiskLevel risk() {
        return RiskLevel.READ;
    }

    @Override
    public String source() {
        return "builtin";
    }

    @Override
    public String execute(String argumentsJson) throws IOException, InterruptedException {
        String url = Args.parse(argumentsJson).text("url");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ToolException("Not a valid URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ToolException("Only http and https URLs can be fetched, not '" + url + "'.");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (uri.getUserInfo() != null || !allowedHosts.contains(host)) {
            throw new ToolException("Host '" + host + "' is not on the allow-list of http_get; allowed: " + allowedHosts.stream().sorted().toList() + ".");
        }
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_BYTES + 1);
        }
        boolean cut = body.length > MAX_BYTES;
        String text = new String(body, 0, Math.min(body.length, MAX_BYTES), StandardCharsets.UTF_8);
        String location = response.headers().firstValue("location").map(l -> "\nLocation: " + l + " (redirects are not followed)").orElse("");
        return "HTTP " + response.statusCode() + location + "\n\n" + text + (cut ? "\n[cut at " + MAX_BYTES + " bytes]" : "");
    }
}
