package dev.maestro.tools.builtin;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.maestro.tools.RiskLevel;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The three file tools of a {@link Workspace}. */
final class WorkspaceTools {

    /** Most bytes {@code read_file} returns, and most {@code write_file} accepts: 100 KB. */
    static final int MAX_BYTES = 100_000;
    /** Most entries {@code list_files} returns. */
    static final int MAX_ENTRIES = 500;

    private WorkspaceTools() {
    }

    record ReadFile(Workspace workspace) implements Tool {
        static final ToolSpecification SPEC = ToolSpecification.builder()
                .name("read_file")
                .description("Reads a UTF-8 text file in the workspace.")
                .parameters(JsonObjectSchema.builder().addStringProperty("path", "path relative to the workspace").required("path").build())
                .build();

        @Override
        public ToolSpecification specification() {
            return SPEC;
        }

        @Override
        public RiskLevel risk() {
            return RiskLevel.READ;
        }

        @Override
        public String source() {
            return "builtin";
        }

        @Override
        public String execute(String argumentsJson) throws IOException {
            String path = Args.parse(argumentsJson).text("path");
            Path file = workspace.resolve(path);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new ToolException("No file '" + path + "' in the workspace; list_files shows what exists.");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            String text = new String(bytes, 0, Math.min(bytes.length, MAX_BYTES), StandardCharsets.UTF_8);
            return bytes.length > MAX_BYTES ? text + "\n[cut at " + MAX_BYTES + " bytes]" : text;
        }
    }

    record ListFiles(Workspace workspace) implements Tool {
        static final ToolSpecification SPEC = ToolSpecification.builder()
                .name("list_files")
                .description("Lists the files and folders under a folder of the workspace (recursively, folders end in /).")
                .parameters(JsonObjectSchema.builder().addStringProperty("path", "folder relative to the workspace; default the workspace itself").build())
                .build();

        @Override
        public ToolSpecification specification() {
            return SPEC;
        }

        @Override
        public RiskLevel risk() {
            return RiskLevel.READ;
        }

        @Override
        public String source() {
            return "builtin";
        }

        @Override
        public String execute(String argumentsJson) throws IOException {
            String path = Args.parse(argumentsJson).text("path", "");
            Path dir = workspace.resolve(path);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new ToolException("No folder '" + path + "' in the workspace.");
            }
            List<String> entries = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(dir)) { // walk does not follow links
                walk.skip(1).limit(MAX_ENTRIES + 1L).forEach(p -> entries.add(workspace.relative(p)
                        + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : "")));
            }
            boolean cut = entries.size() > MAX_ENTRIES;
            List<String> shown = cut ? entries.subList(0, MAX_ENTRIES) : entries;
            return shown.isEmpty() ? "(empty)" : String.join("\n", shown) + (cut ? "\n[more than " + MAX_ENTRIES + " entries]" : "");
        }
    }

    record WriteFile(Workspace workspace) implements Tool {
        static final ToolSpecification SPEC = ToolSpecification.builder()
                .name("write_file")
                .description("Writes (creates or replaces) a UTF-8 text file in the workspace; creates missing folders.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("path", "path relative to the workspace")
                        .addStringProperty("content", "the whole new content of the file")
                        .required("path", "content")
                        .build())
                .build();

        @Override
        public ToolSpecification specification() {
            return SPEC;
        }

        @Override
        public RiskLevel risk() {
            return RiskLevel.WRITE;
        }

        @Override
        public String source() {
            return "builtin";
        }

        @Override
        public String execute(String argumentsJson) throws IOException {
            Args args = Args.parse(argumentsJson);
            String path = args.text("path");
            byte[] content = args.text("content").getBytes(StandardCharsets.UTF_8);
            if (content.length > MAX_BYTES) {
                throw new ToolException("Content of " + content.length + " bytes is over the " + MAX_BYTES + "-byte limit of write_file.");
            }
            Path file = workspace.resolve(path);
            if (file.equals(workspace.root()) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new ToolException("'" + path + "' is a folder; give a file path.");
            }
            Files.createDirectories(file.getParent());
            workspace.resolve(path); // again, now that the folders exist
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                out.write(content);
            }
            return "Wrote " + content.length + " bytes to " + workspace.relative(file);
        }
    }
}
