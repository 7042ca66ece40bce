package dev.maestro.prompts;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptLibraryTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path folder;

    @Test
    void should_add_the_versions_of_a_folder_to_the_shipped_ones() throws java.io.IOException {
        java.nio.file.Files.writeString(folder.resolve("general.system.v2.txt"), "Answer warmly.\n");
        java.nio.file.Files.writeString(folder.resolve("general.system.v1.txt"), "Edited in place.\n");
        PromptLibrary library = PromptLibrary.withFolder(folder);

        assertThat(library.latest("general.system").ref()).isEqualTo("general.system@v2");
        assertThat(library.get("general.system", 2).text()).isEqualTo("Answer warmly.");
        assertThatThrownBy(() -> library.get("general.system", 1)).hasMessageContaining("must use a new version number");
        assertThat(library.latest("coder.system").version()).isEqualTo(1);
        assertThatThrownBy(() -> PromptLibrary.withFolder(folder.resolve("missing"))).hasMessageContaining("(prompts.dir) does not exist");
    }

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
