package dev.maestro.providers;

import dev.maestro.core.config.Setting;

/**
 * What a provider call is for. It only changes the advice in error messages: which setting names the
 * model, and which setting switches to another provider.
 *
 * @since 0.1
 */
public enum ModelPurpose {
    CHAT(Setting.CHAT_MODEL, Setting.PROVIDER.env() + "=openai"),
    EMBEDDING(Setting.EMBEDDING_MODEL, Setting.EMBEDDING_PROVIDER.env() + "=onnx");

    private final Setting modelSetting;
    private final String alternative;

    ModelPurpose(Setting modelSetting, String alternative) {
        this.modelSetting = modelSetting;
        this.alternative = alternative;
    }

    /** The setting that names the model, e.g. {@code MAESTRO_CHAT_MODEL}. */
    public Setting modelSetting() {
        return modelSetting;
    }

    /** A setting that avoids a local Ollama altogether, e.g. {@code MAESTRO_PROVIDER=openai}. */
    String alternative() {
        return alternative;
    }
}
