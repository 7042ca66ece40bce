package dev.maestro.tools.builtin;

import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolInvoker;
import dev.maestro.tools.ToolResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceTest {

    @TempDir
    Path temp;
    Path root;
    Path outside;
    Workspace workspace;
    final ToolInvoker invoker = new ToolInvoker();

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(temp.resolve("ws"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        Files.writeString(root.resolve("notes.txt"), "hello");
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("secret-link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("dangling"), temp.resolve("nowhere"));
        workspace = Workspace.at(root);
    }

    @Test
    void reads_lists_and_writes_inside_the_workspace() throws Exception {
        assertThat(call("read_file", "{\"path\":\"notes.txt\"}").text()).isEqualTo("hello");
        ToolResult written = call("write_file", "{\"path\":\"sub/dir/new.txt\",\"content\":\"made\"}");
        assertThat(written.ok()).as(written.text()).isTrue();
        assertThat(Files.readString(root.resolve("sub/dir/new.txt"))).isEqualTo("made");
        assertThat(call("list_files", "{}").text()).contains("notes.txt", "sub/", "sub/dir/new.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/secret.txt", "sub/../../outside/secret.txt", "..", "/etc/passwd",
            "escape/secret.txt", "secret-link.txt", "dangling/x.txt"})
    void read_file_refuses_paths_that_leave_the_workspace(String path) {
        ToolResult r = call("read_file", "{\"path\":\"" + path + "\"}");
        assertThat(r.ok()).isFalse();
        assertThat(r.text()).doesNotContain("top secret").containsAnyOf("'..'", "absolute", "outside the workspace", "broken symbolic link");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/evil.txt", "/tmp/evil.txt", "escape/evil.txt", "escape/deeper/evil.txt", "secret-link.txt"})
    void write_file_refuses_paths_that_leave_the_workspace(String path) throws Exception {
        ToolResult r = call("write_file", "{\"path\":\"" + path + "\",\"content\":\"pwned\"}");
        assertThat(r.ok()).as(r.text()).isFalse();
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("top secret");
        assertThat(Files.exists(outside.resolve("evil.txt"))).isFalse();
        assertThat(Files.exists(outside.resolve("deeper"))).isFalse();
    }

    @Test
    void list_files_does_not_walk_into_a_link_to_outside() {
        ToolResult r = call("list_files", "{\"path\":\"escape\"}");
        assertThat(r.ok()).isFalse();
        assertThat(call("list_files", "{}").text()).doesNotContain("secret.txt\n").contains("escape");
    }

    private ToolResult call(String name, String args) {
        Tool tool = workspace.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        return invoker.invoke(tool, args, Duration.ofSeconds(5));
    }
}
