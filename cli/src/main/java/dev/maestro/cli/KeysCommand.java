package dev.maestro.cli;

import dev.maestro.MaestroDatabase;
import dev.maestro.server.ApiKeys;
import dev.maestro.core.ConfigException;
import dev.maestro.core.db.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.List;

/** {@code maestro keys}: API keys of the server (create prints the key once; only its salted hash is stored). */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage the server's API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {

    @ParentCommand
    MaestroCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: create, list or revoke (see maestro keys --help).");
    }

    private Database open() {
        CliContext ctx = root.context();
        return MaestroDatabase.openReady(ctx.config(), ctx.err());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key for a tenant and print it (once).")
    static final class Create implements Runnable {
        @ParentCommand
        KeysCommand parent;

        @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The tenant the key acts for (created if new).")
        String tenant;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "", description = "A label, e.g. who uses the key.")
        String name;

        @Override
        public void run() {
            PrintStream out = parent.root.context().out();
            try (Database db = parent.open()) {
                ApiKeys.Created k = new ApiKeys(db.dataSource()).create(tenant, name);
                out.println(k.key());
                parent.root.context().err().println("Created key " + k.id() + " for tenant " + k.tenant()
                        + ". It is shown only this once: store it now. Clients send it as Authorization: Bearer <key>.");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never the keys themselves).")
    static final class ListKeys implements Runnable {
        @ParentCommand
        KeysCommand parent;

        @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's keys.")
        String tenant;

        @Override
        public void run() {
            PrintStream out = parent.root.context().out();
            try (Database db = parent.open()) {
                List<ApiKeys.Listed> keys = new ApiKeys(db.dataSource()).list(tenant);
                if (keys.isEmpty()) {
                    out.println("(no keys; create one with: maestro keys create --tenant NAME)");
                    return;
                }
                out.printf("%-14s %-20s %-16s %-8s %-24s %s%n", "ID", "TENANT", "NAME", "STATUS", "CREATED", "LAST USED");
                for (ApiKeys.Listed k : keys) {
                    out.printf("%-14s %-20s %-16s %-8s %-24s %s%n", k.id(), k.tenant(), k.name(), k.active() ? "active" : "revoked",
                            k.createdAt(), k.lastUsedAt() == null ? "-" : k.lastUsedAt());
                }
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key; servers stop accepting it within 10 s.")
    static final class Revoke implements Runnable {
        @ParentCommand
        KeysCommand parent;

        @Parameters(paramLabel = "ID", description = "The key's id (as listed) or the key itself.")
        String id;

        /** The id as given, unless a whole key was given: that is never echoed. */
        private String shown() {
            return ApiKeys.looksLikeKey(id) ? "(the key given)" : "'" + id + "'";
        }

        @Override
        public void run() {
            try (Database db = parent.open()) {
                if (!new ApiKeys(db.dataSource()).revoke(id)) {
                    throw new ConfigException("No active key " + shown() + "; see maestro keys list.");
                }
                parent.root.context().out().println("Revoked key " + shown());
            }
        }
    }
}
