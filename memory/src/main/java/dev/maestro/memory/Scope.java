package dev.maestro.memory;

import dev.maestro.core.Ensure;

/**
 * Whose memory: a tenant and a user within it. Every read and write is scoped; one user's memory is never
 * recalled for another.
 *
 * @since 0.1
 */
public record Scope(String tenantId, String userId) {

    public Scope {
        Ensure.notBlank(tenantId, "tenantId");
        Ensure.notBlank(userId, "userId");
    }

    public static Scope of(String tenantId, String userId) {
        return new Scope(tenantId, userId);
    }

    @Override
    public String toString() {
        return tenantId + "/" + userId;
    }
}
