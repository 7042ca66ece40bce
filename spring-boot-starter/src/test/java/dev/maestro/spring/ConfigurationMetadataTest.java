package dev.maestro.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.maestro.core.config.Setting;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata of {@code maestro.*} must list exactly the keys the starter accepts, with Setting's descriptions
 * and defaults. It is written from {@link Setting} rather than by the configuration processor, which only describes
 * JavaBean properties (see {@link MaestroSettings} for why there is none).
 */
class ConfigurationMetadataTest {

    static final String RESOURCE = "META-INF/spring-configuration-metadata.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static String expected() throws Exception {
        List<Map<String, Object>> properties = new ArrayList<>();
        for (Setting s : MaestroSettings.supported()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", MaestroSettings.PREFIX + "." + s.key());
            p.put("type", "java.lang.String");
            p.put("description", s.description() + (s.description().endsWith(".") ? "" : "."));
            p.put("sourceType", MaestroAutoConfiguration.class.getName());
            if (!s.defaultValue().isEmpty()) {
                p.put("defaultValue", s.defaultValue());
            }
            properties.add(p);
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", MaestroSettings.PREFIX);
        group.put("description", "Maestro's configuration: the keys of maestro.yaml.");
        group.put("sourceType", MaestroAutoConfiguration.class.getName());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("groups", List.of(group));
        root.put("properties", properties);
        return JSON.writeValueAsString(root) + "\n";
    }

    @Test
    void should_describe_every_supported_key() throws Exception {
        String expected = expected();
        // this module's file, not the ones of Spring Boot's jars on the class path
        Path source = Path.of("src", "main", "resources", RESOURCE);
        String actual = Files.isRegularFile(source) ? Files.readString(source) : "";
        if (!expected.equals(actual)) {
            Path out = Path.of("target", "expected-spring-configuration-metadata.json");
            Files.writeString(out, expected);
            assertThat(actual).as("%s is out of date with Setting: copy %s to src/main/resources/%s", RESOURCE, out, RESOURCE)
                    .isEqualTo(expected);
        }
    }
}
