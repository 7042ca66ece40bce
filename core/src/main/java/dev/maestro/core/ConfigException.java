package dev.maestro.core;

/** Invalid configuration or usage: an unknown key, a malformed value, a rejected input. */
public class ConfigException extends MaestroException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
