package dev.maestro.server;

/**
 * Who a request acts for: a tenant, and the API key that proved it (empty for keyless requests on a server
 * that does not require keys). Never holds the key itself.
 *
 * @param tenant the tenant whose conversations, runs, documents and collections the request may see
 * @param keyId  the public id of the key, or empty
 */
public record Principal(String tenant, String keyId) {

    /** The tenant of keyless requests on a loopback server. */
    public static final String DEFAULT_TENANT = "default";

    static Principal anonymous() {
        return new Principal(DEFAULT_TENANT, "");
    }
}
