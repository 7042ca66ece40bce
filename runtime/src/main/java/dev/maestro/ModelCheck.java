package dev.maestro;

/**
 * What a model's endpoint said when asked whether it serves the model ({@code maestro providers}).
 *
 * @param model    {@code provider:name}
 * @param listed   whether the endpoint lists the model
 * @param detail   what it answered, for people
 * @since 0.1
 */
public record ModelCheck(String model, String endpoint, boolean reachable, boolean listed, long latencyMillis, String detail) {

    public boolean ok() {
        return reachable && listed;
    }
}
