package dev.maestro.core.config;

import java.util.Locale;

/** The chat model providers Maestro can talk to. */
public enum Provider {
    OLLAMA, OPENAI;

    static Provider parse(String raw, Setting setting) {
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AppConfig.invalid(setting, raw, "ollama or openai");
        }
    }

    public String displayName() {
        return this == OLLAMA ? "Ollama" : "OpenAI";
    }
}
