package dev.maestro.cache;

import dev.maestro.core.Ensure;

/**
 * What an answer depends on besides its question: only a request with the same key may reuse it.
 *
 * @param tenant     whose entries these are; tenants never share answers
 * @param agent      the agent that answered
 * @param model      the model that answered
 * @param prompt     the system prompt's version, {@code id@vN}
 * @param collection the retrieval collection and its content version ({@code name@v17}) for answers that used
 *                   retrieval, so that an ingest which changes the collection retires them; empty otherwise
 */
public record CacheKey(String tenant, String agent, String model, String prompt, String collection) {

    public CacheKey {
        Ensure.notBlank(tenant, "tenant");
        Ensure.notBlank(agent, "agent");
        model = model == null ? "" : model;
        prompt = prompt == null ? "" : prompt;
        collection = collection == null ? "" : collection;
    }

    /** The key as one string, what entries are filtered on. */
    public String scope() {
        return String.join("\u001f", tenant, agent, model, prompt, collection);
    }
}
