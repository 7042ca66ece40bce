package dev.maestro.spring;

import dev.maestro.core.ConfigException;
import dev.maestro.core.config.Setting;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The application's {@code maestro.*} properties as the keys of {@code maestro.yaml}, for {@code Maestro.Builder.set}.
 * <p>
 * Bound key by key rather than onto a JavaBean because {@code maestro.provider} is both a value and the parent of
 * {@code maestro.provider.read-timeout} and its siblings, which no bean property can be. Names are relaxed as
 * everywhere in Spring ({@code maestro.ollama.baseUrl} is {@code ollama.base-url}). Unknown names fail, except those
 * from environment variables: {@code MAESTRO_*} variables also serve Maestro's own launcher and tests.
 */
final class MaestroSettings {

    static final String PREFIX = "maestro";
    /** {@code server.*} configures {@code maestro serve}, which a Spring application does not run. */
    private static final String SERVER_KEYS = "server.";
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);

    private MaestroSettings() {
    }

    /** The keys a Spring application may set under {@code maestro.}, in {@link Setting} order. */
    static List<Setting> supported() {
        return Arrays.stream(Setting.values()).filter(s -> !s.key().startsWith(SERVER_KEYS)).toList();
    }

    /**
     * @throws ConfigException naming each unknown property with where it was set, and the valid ones
     */
    static Map<String, String> from(Environment environment) {
        rejectUnknown(environment);
        Binder binder = Binder.get(environment);
        Map<String, String> settings = new LinkedHashMap<>();
        for (Setting setting : supported()) {
            binder.bind(PREFIX + "." + setting.key(), String.class).ifBound(value -> settings.put(setting.key(), value));
        }
        return settings;
    }

    private static void rejectUnknown(Environment environment) {
        List<ConfigurationPropertyName> known = supported().stream()
                .map(s -> ConfigurationPropertyName.of(PREFIX + "." + s.key())).toList();
        List<String> unknown = new ArrayList<>();
        boolean serverKey = false;
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)
                    || source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
                continue;
            }
            for (ConfigurationPropertyName name : (Iterable<ConfigurationPropertyName>) iterable.filter(ROOT::isAncestorOf)::iterator) {
                if (!known.contains(name)) {
                    ConfigurationProperty property = source.getConfigurationProperty(name);
                    Object origin = property == null ? null : property.getOrigin();
                    unknown.add(name + (origin == null ? "" : " (" + origin + ")"));
                    serverKey |= name.toString().startsWith(PREFIX + "." + SERVER_KEYS);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown Maestro propert" + (unknown.size() == 1 ? "y " : "ies ") + String.join(", ", unknown)
                    + (serverKey ? ". The server.* keys configure `maestro serve`, which a Spring application does not run" : "")
                    + ". Fix or remove " + (unknown.size() == 1 ? "it" : "them") + "; Maestro reads these keys under maestro.: "
                    + supported().stream().map(Setting::key).collect(Collectors.joining(", ")) + ".");
        }
    }
}
