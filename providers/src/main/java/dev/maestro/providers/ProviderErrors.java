package dev.maestro.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maestro.core.config.Provider;
import dev.maestro.core.config.Setting;
import dev.maestro.core.ProviderException;
import dev.maestro.core.ProviderException.Kind;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Words every provider failure once: what went wrong, at which server, and what to do about it.
 * Secrets (the API key from the request headers) are removed from anything the server echoed back.
 */
final class ProviderErrors {

    /** The longest excerpt of a provider's own error message put into ours. */
    static final int MAX_DETAIL_CHARS = 300;
    static final String REDACTED = "****";
    private static final String OFFICIAL_OPENAI_HOST = "api.openai.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shapes of API keys (OpenAI's sk-..., and the like), removed even when the request did not carry them. */
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk|rk|pk)-[A-Za-z0-9_\\-]{6,}");

    private final Provider provider;
    private final String name;
    private final String baseUrl;
    private final String model;
    private final ModelPurpose purpose;

    ProviderErrors(Provider provider, String baseUrl, String model, ModelPurpose purpose) {
        this.provider = provider;
        this.baseUrl = withoutUserInfo(baseUrl);
        this.model = model == null || model.isBlank() ? "(unnamed)" : model;
        this.purpose = purpose;
        this.name = displayName(provider, baseUrl);
    }

    /** "Ollama", "OpenAI", or "OpenAI-compatible server" for anything not at api.openai.com. */
    static String displayName(Provider provider, String baseUrl) {
        if (provider == Provider.OPENAI && !isOfficialOpenAi(baseUrl)) {
            return "OpenAI-compatible server";
        }
        return provider.displayName();
    }

    static boolean isOfficialOpenAi(String baseUrl) {
        try {
            return OFFICIAL_OPENAI_HOST.equalsIgnoreCase(URI.create(baseUrl).getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** "Ollama at http://localhost:11434". */
    String where() {
        return name + " at " + baseUrl;
    }

    /** The exception for the last failed attempt, after {@code attempts} attempts. */
    ProviderException toException(AttemptFailure failure, int attempts, Duration connectTimeout, Duration readTimeout,
                                  Collection<String> secrets) {
        String message = switch (failure.what()) {
            case HTTP_STATUS -> forStatus(failure, attempts, readTimeout, secrets);
            case REFUSED -> unreachable(attempts, "");
            case UNKNOWN_HOST -> unreachable(attempts, " (unknown host)");
            case DROPPED -> where() + " closed the connection without answering (" + scrub(failure.getMessage(), secrets) + ")"
                    + after(attempts) + " — check that the server is healthy and that " + baseUrlSetting() + " points at it, then retry";
            case CONNECT_TIMEOUT -> where() + " did not accept a connection within " + human(connectTimeout) + after(attempts)
                    + " — check " + baseUrlSetting() + " or raise " + Setting.CONNECT_TIMEOUT.env();
            case READ_TIMEOUT -> readTimeout(readTimeout, attempts, "");
            case MALFORMED -> where() + " sent a response that is not valid HTTP (" + scrub(failure.getMessage(), secrets) + ")"
                    + " — check that " + baseUrlSetting() + " points at " + expectedServer();
        };
        return new ProviderException(failure.kind(), message, failure.statusCode(), attempts, failure.retryAfter(),
                safeCause(failure.getCause()));
    }

    /** The exception for a stream that broke after output had reached the caller; it was not retried. */
    ProviderException midStream(Throwable error, int attempts, Collection<String> secrets) {
        String message = where() + " broke off the response after it had started (" + scrub(AttemptFailure.detail(error), secrets)
                + ") — retry the request; if it keeps happening, check the server's logs";
        return new ProviderException(Kind.UNREACHABLE, message, 0, attempts, null, safeCause(error));
    }

    private String forStatus(AttemptFailure f, int attempts, Duration readTimeout, Collection<String> secrets) {
        int status = f.statusCode();
        String said = providerMessage(f.body(), secrets);
        String http = "(HTTP " + status + (said.isEmpty() ? "" : ": " + said) + ")";
        return switch (f.kind()) {
            case AUTHENTICATION -> provider == Provider.OPENAI
                    ? where() + " rejected the API key " + http + " — check " + Setting.OPENAI_API_KEY.env()
                    : where() + " refused access " + http + " — check the credentials of any proxy in front of Ollama";
            case MODEL_NOT_FOUND -> provider == Provider.OLLAMA
                    ? where() + " has no model '" + model + "' " + http + " — run `ollama pull " + model + "` or set "
                            + purpose.modelSetting().env()
                    : where() + " has no model '" + model + "' " + http + " — check " + purpose.modelSetting().env()
                            + ", and that " + baseUrlSetting() + " ends in /v1";
            case RATE_LIMITED -> where() + " is rate limiting " + http + after(attempts)
                    + " — wait and retry, or lower concurrency";
            case SERVER_ERROR -> where() + " failed " + http + after(attempts)
                    + " — retry later; if it persists, check the server's logs";
            case TIMEOUT -> readTimeout(readTimeout, attempts, " " + http);
            case BAD_REQUEST -> where() + " rejected the request " + http
                    + " — check that model '" + model + "' supports what was asked (tools, images, JSON output) and its parameters";
            default -> where() + " answered with unexpected HTTP " + status
                    + " — check that " + baseUrlSetting() + " points at " + expectedServer();
        };
    }

    private String unreachable(int attempts, String why) {
        if (provider == Provider.OLLAMA) {
            return "Ollama is not reachable at " + baseUrl + why + after(attempts)
                    + " — start it (`ollama serve`, then `ollama pull " + model + "`) or set " + purpose.alternative();
        }
        return name + " is not reachable at " + baseUrl + why + after(attempts)
                + " — check " + baseUrlSetting() + " and the network connection";
    }

    private String readTimeout(Duration readTimeout, int attempts, String http) {
        return where() + " did not answer within " + human(readTimeout) + http + after(attempts)
                + " — raise " + Setting.READ_TIMEOUT.env() + " or use a smaller model";
    }

    private String baseUrlSetting() {
        return (provider == Provider.OLLAMA ? Setting.OLLAMA_BASE_URL : Setting.OPENAI_BASE_URL).env();
    }

    private String expectedServer() {
        return provider == Provider.OLLAMA ? "an Ollama server" : "an OpenAI-compatible API (including /v1)";
    }

    private static String after(int attempts) {
        return attempts > 1 ? " after " + attempts + " attempts" : "";
    }

    /**
     * The provider's own explanation from an error body: OpenAI's {@code error.message}, Ollama's
     * {@code error}, or the raw text; one line, at most {@value #MAX_DETAIL_CHARS} characters, secrets removed.
     */
    static String providerMessage(String body, Collection<String> secrets) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body;
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            if (error != null && error.isTextual()) {
                text = error.asText();
            } else if (error != null && error.hasNonNull("message")) {
                text = error.get("message").asText();
            } else if (root != null && root.hasNonNull("message")) {
                text = root.get("message").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // not JSON (an HTML error page, plain text): keep the raw body
        }
        String oneLine = scrub(text, secrets).replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_DETAIL_CHARS ? oneLine : oneLine.substring(0, MAX_DETAIL_CHARS) + "…";
    }

    static String scrub(String text, Collection<String> secrets) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, REDACTED);
            }
        }
        return KEY_LIKE.matcher(out).replaceAll(REDACTED);
    }

    static String human(Duration d) {
        if (d == null) {
            return "the timeout";
        }
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** {@code http://user:pass@host} becomes {@code http://****@host}: a base URL may carry credentials. */
    static String withoutUserInfo(String url) {
        try {
            URI uri = URI.create(url);
            String userInfo = uri.getRawUserInfo();
            return userInfo == null ? url : url.replace(userInfo + "@", REDACTED + "@");
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /**
     * LangChain4j's {@code ExceptionMapper} inspects the root cause and replaces the whole exception when
     * that root is an {@code UnresolvedAddressException}; keep such a root out of the chain so that our
     * {@code ProviderException} reaches the caller unchanged.
     */
    private Throwable safeCause(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return new UnknownHostException(hostOf(baseUrl));
            }
        }
        return cause;
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
