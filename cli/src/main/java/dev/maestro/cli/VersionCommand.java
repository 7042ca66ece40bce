package dev.maestro.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParentCommand;

/** {@code maestro version}: the version of Maestro and of the runtime. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print Maestro's version and the Java runtime.")
final class VersionCommand implements Runnable {

    @ParentCommand
    MaestroCommand root;

    @Override
    public void run() {
        for (String line : lines()) {
            root.context().out().println(line);
        }
    }

    static String[] lines() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return new String[] {
                "maestro " + (v == null ? "development build" : v),
                "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines();
        }
    }
}
