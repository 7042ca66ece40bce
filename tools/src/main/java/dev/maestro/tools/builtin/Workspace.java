package dev.maestro.tools.builtin;

import dev.maestro.core.Ensure;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * One folder the file tools may touch, and the only way they turn a model's path into a file. A path must be relative,
 * may not contain {@code ..}, and must stay inside the folder once every symbolic link is followed; anything else is
 * refused with an error the model sees. The file tools also open files without following a final symbolic link.
 *
 * @since 0.1
 */
public final class Workspace {

    private final Path root;

    private Workspace(Path root) {
        this.root = root;
    }

    /** The workspace at {@code folder}, which must exist. */
    public static Workspace at(Path folder) {
        Ensure.notNull(folder, "folder");
        try {
            return new Workspace(folder.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException("Workspace folder " + folder + " does not exist or cannot be read; create it first", e);
        }
    }

    public Path root() {
        return root;
    }

    /** {@code read_file}, {@code list_files} and {@code write_file} on this folder. */
    public List<Tool> tools() {
        return List.of(new WorkspaceTools.ReadFile(this), new WorkspaceTools.ListFiles(this), new WorkspaceTools.WriteFile(this));
    }

    /** The file {@code relative} names, checked to be inside the workspace (it need not exist yet). */
    Path resolve(String relative) {
        if (relative == null || relative.isBlank()) {
            return root;
        }
        Path p;
        try {
            p = Path.of(relative);
        } catch (InvalidPathException e) {
            throw new ToolException("Invalid path '" + relative + "': " + e.getReason());
        }
        if (p.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
            throw new ToolException("Path '" + relative + "' is absolute; give a path relative to the workspace.");
        }
        for (Path part : p) {
            if (part.toString().equals("..")) {
                throw new ToolException("Path '" + relative + "' contains '..'; paths may not leave the workspace.");
            }
        }
        Path target = root.resolve(p).normalize();
        // Follow links on the deepest part that exists: a link inside the workspace may point outside it.
        Path existing = target;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            Path real = existing == null ? root : existing.toRealPath();
            if (!real.startsWith(root)) {
                throw new ToolException("Path '" + relative + "' leads outside the workspace (through a symbolic link); refused.");
            }
        } catch (IOException e) {
            // a dangling link: it points somewhere that does not exist, maybe outside
            throw new ToolException("Path '" + relative + "' goes through a broken symbolic link; refused.");
        }
        return target;
    }

    String relative(Path file) {
        return root.relativize(file).toString();
    }
}
