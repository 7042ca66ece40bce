package dev.maestro.app;

import dev.maestro.app.cli.MaestroCommand;

/** Entry point of the {@code maestro} jar. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(MaestroCommand.run(args, System.in, System.out, System.err, System.getenv()));
    }
}
