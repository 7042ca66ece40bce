package dev.maestro.testkit;

import java.util.Locale;
import java.util.Map;

/**
 * A request a stub server received, in arrival order.
 *
 * @param method  {@code GET}, {@code POST}, ...
 * @param url     path and query, e.g. {@code /v1/chat/completions}
 * @param headers first value of each header, names lower-cased
 * @param body    the body as text (pretty-printed JSON for LangChain4j's clients)
 * @since 0.1
 */
public record RecordedRequest(String method, String url, Map<String, String> headers, String body) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** A header by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
