package dev.maestro.cli;

import dev.maestro.Maestro;
import dev.maestro.core.ConfigException;
import dev.maestro.memory.MemoryAdmin;
import dev.maestro.memory.MemoryItem;
import dev.maestro.memory.RecallHit;
import dev.maestro.memory.Scope;
import dev.maestro.memory.StoredMessage;
import dev.maestro.memory.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/** {@code maestro memory}: look into, search, forget and export what the memory holds. */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "Inspect and manage conversational memory: show a conversation, search a user's memory, forget, export.",
        subcommands = {MemoryCommand.Show.class, MemoryCommand.Search.class, MemoryCommand.Forget.class, MemoryCommand.Export.class})
final class MemoryCommand {

    /** The tenant and user when none is given: the defaults of the conversations table. */
    static final String DEFAULT_TENANT = "default";

    @ParentCommand
    MaestroCommand root;

    /** Opens Maestro on the configured database (checked ready), runs {@code work} on its memory, and closes it. */
    <T> T withMemory(Function<MemoryAdmin, T> work) {
        try (Maestro maestro = CliMaestro.open(root.context().config(), root.context().err(), false)) {
            return work.apply(maestro.memory().admin());
        }
    }

    /** {@code --tenant} and {@code --user}, shared by the user-scoped subcommands. */
    static final class ScopeOptions {
        @Option(names = "--tenant", paramLabel = "T", defaultValue = DEFAULT_TENANT, description = "Tenant (default: ${DEFAULT-VALUE}).")
        String tenant;

        @Option(names = {"-u", "--user"}, required = true, paramLabel = "U", description = "User whose memory to use.")
        String user;

        Scope scope() {
            return Scope.of(tenant, user);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a conversation: messages, summaries, long-term items, pending jobs.")
    static final class Show implements Runnable {
        @ParentCommand
        MemoryCommand parent;

        @Option(names = "--conversation", required = true, paramLabel = "ID", description = "Conversation id (a UUID).")
        String conversation;

        @Override
        public void run() {
            UUID id = uuid(conversation);
            PrintStream out = parent.root.context().out();
            MemoryAdmin.ConversationView view = parent.withMemory(m -> m.show(id))
                    .orElseThrow(() -> new ConfigException("No conversation " + id + " in memory"));
            out.printf("Conversation %s of %s: %d messages, %d summaries, %d long-term items, %d open jobs%n",
                    id, view.scope(), view.messages().size(), view.summaries().size(), view.items().size(), view.openJobs());
            out.println();
            out.println("Messages:");
            for (StoredMessage m : view.messages()) {
                out.printf("  #%d %s %-9s %s%s%n", m.id(), m.createdAt(), m.name() != null ? m.name() : m.role(),
                        m.hidden() ? "(evicted) " : "", oneLine(m.content()));
            }
            if (!view.summaries().isEmpty()) {
                out.println();
                out.println("Summaries:");
                for (Summary s : view.summaries()) {
                    out.printf("  messages #%d..#%d (%d): %s%n", s.fromMessageId(), s.toMessageId(), s.messageCount(), oneLine(s.content()));
                }
            }
            if (!view.items().isEmpty()) {
                out.println();
                out.println("Long-term items:");
                view.items().forEach(item -> out.println("  " + describe(item)));
            }
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true, description = "Search a user's long-term memory by meaning.")
    static final class Search implements Runnable {
        @ParentCommand
        MemoryCommand parent;

        @picocli.CommandLine.Mixin
        ScopeOptions scope;

        @Option(names = {"-k", "--top"}, paramLabel = "K", defaultValue = "10", description = "How many items (default: ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--history", description = "Include facts that newer facts superseded.")
        boolean history;

        @Parameters(paramLabel = "TEXT", arity = "1..*", description = "What to look for.")
        List<String> text;

        @Override
        public void run() {
            if (k <= 0) {
                throw new ConfigException("--top must be > 0, was " + k);
            }
            PrintStream out = parent.root.context().out();
            List<RecallHit> hits = parent.withMemory(m -> m.search(scope.scope(), String.join(" ", text), k, history));
            if (hits.isEmpty()) {
                out.println("Nothing in the memory of " + scope.scope());
            }
            int rank = 1;
            for (RecallHit h : hits) {
                out.printf(Locale.ROOT, "%2d. score %.3f (similarity %.3f)  %s%n", rank++, h.score(), h.similarity(), describe(h.item()));
            }
        }
    }

    @Command(name = "forget", mixinStandardHelpOptions = true,
            description = {"Delete memory for good: one long-term item (--item), or everything of a user (--all):",
                    "items, conversations, messages, summaries and pending jobs. There is no undo."})
    static final class Forget implements Runnable {
        @ParentCommand
        MemoryCommand parent;

        @picocli.CommandLine.Mixin
        ScopeOptions scope;

        @Option(names = "--item", paramLabel = "ID", description = "The id of the item to delete (see memory search).")
        Long item;

        @Option(names = "--all", description = "Delete everything of the user.")
        boolean all;

        @Override
        public void run() {
            if ((item == null) == !all) {
                throw new ConfigException("Say what to forget: --item ID (one item) or --all (everything of " + scope.scope() + ")");
            }
            PrintStream out = parent.root.context().out();
            if (item != null) {
                boolean deleted = parent.withMemory(m -> m.forgetItem(scope.scope(), item));
                if (!deleted) {
                    throw new ConfigException("User " + scope.scope() + " has no memory item " + item);
                }
                out.println("Deleted memory item " + item + " of " + scope.scope());
                return;
            }
            MemoryAdmin.ForgetReport report = parent.withMemory(m -> m.forgetUser(scope.scope()));
            out.printf("Deleted everything of %s: %d conversations, %d messages, %d long-term items%n",
                    scope.scope(), report.conversations(), report.messages(), report.items());
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Export a user's memory as JSON (no embeddings).")
    static final class Export implements Runnable {
        @ParentCommand
        MemoryCommand parent;

        @picocli.CommandLine.Mixin
        ScopeOptions scope;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path out;

        @Override
        public void run() {
            String json = parent.withMemory(m -> m.exportJson(scope.scope()));
            if (out == null) {
                parent.root.context().out().println(json);
                return;
            }
            try {
                Files.writeString(out, json + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + out, e);
            }
            parent.root.context().out().println("Wrote " + out);
        }
    }

    static String describe(MemoryItem item) {
        String validity = item.active() ? "" : " [until " + item.validTo() + ", superseded by #" + item.supersededBy() + "]";
        return String.format(Locale.ROOT, "#%d %-7s %s  %s%s", item.id(), item.kind().name().toLowerCase(Locale.ROOT),
                item.validFrom(), oneLine(item.content()), validity);
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--conversation must be a UUID such as 3f1c2a9e-5b7d-4c1e-9a8f-2d6b0e4c7a11, was '" + text + "'");
        }
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() <= 160 ? line : line.substring(0, 160) + "…";
    }
}
