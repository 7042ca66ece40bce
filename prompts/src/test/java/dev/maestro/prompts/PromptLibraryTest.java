package dev.maestro.prompts;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptLibraryTest {

    @Test
    void should_load_the_latest_version_of_a_shipped_prompt() {
        Prompt prompt = PromptLibrary.standard().latest("general.system");

        assertThat(prompt.version()).isEqualTo(1);
        assertThat(prompt.ref()).isEqualTo("general.system@v1");
        assertThat(prompt.text()).startsWith("You are Maestro's general assistant.");
    }

    @Test
    void should_name_the_missing_resource() {
        assertThatThrownBy(() -> PromptLibrary.standard().get("nope", 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev/maestro/prompts/nope.v3.txt");
    }

    @Test
    void should_render_variables_and_reject_missing_ones() {
        Prompt p = new Prompt("t", 2, "Hello {{name}}, see {{thing}}");

        assertThat(p.render(Map.of("name", "Ann", "thing", "x"))).isEqualTo("Hello Ann, see x");
        assertThatThrownBy(() -> p.render(Map.of("name", "Ann")))
                .hasMessage("Prompt t@v2 needs a value for variable 'thing'");
    }
}
