package dev.maestro.agents;

import dev.maestro.core.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentSpecToolsTest {

    @TempDir
    Path dir;

    @Test
    void reads_tool_entries_of_every_kind_and_autonomy() throws Exception {
        Path file = Files.writeString(dir.resolve("agents.yaml"), """
                agents:
                  - name: ops
                    prompt: general.system
                    autonomous: true
                    tools: [retrieval, calculator, write_file, "class:com.acme.OrderTools", "mcp:github.*", "mcp:fs.read_text_file", "mcp:*"]
                """);
        AgentSpec ops = AgentCatalog.load(file).all().get(0);
        assertThat(ops.autonomous()).isTrue();
        assertThat(ops.uses("retrieval")).isTrue();
        assertThat(ops.toolEntries()).containsExactly("calculator", "write_file", "class:com.acme.OrderTools", "mcp:github.*",
                "mcp:fs.read_text_file", "mcp:*");
    }

    @Test
    void the_built_in_agents_still_load_and_are_not_autonomous() {
        AgentSpec researcher = AgentCatalog.builtIn().all().stream().filter(s -> s.name().equals("researcher")).findFirst().orElseThrow();
        assertThat(researcher.tools()).containsExactly("retrieval");
        assertThat(researcher.toolEntries()).isEmpty();
        assertThat(researcher.autonomous()).isFalse();
    }

    @Test
    void an_unknown_entry_lists_the_syntax() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                agents:
                  - name: ops
                    prompt: general.system
                    tools: [calculater]
                """);
        assertThatThrownBy(() -> AgentCatalog.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Agent ops names unknown tool 'calculater'")
                .hasMessageContaining("calculator").hasMessageContaining("class:<fully.qualified.Class>").hasMessageContaining("mcp:<server>.<tool or glob>");
    }
}
