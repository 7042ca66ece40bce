package dev.maestro.cli;


/** Entry point of the {@code maestro} jar. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(MaestroCommand.run(args, System.in, System.out, System.err, System.getenv()));
    }
}
