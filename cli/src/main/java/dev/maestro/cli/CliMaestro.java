package dev.maestro.cli;

import dev.maestro.Maestro;
import dev.maestro.core.config.AppConfig;

import java.io.PrintStream;

/** How the commands build their {@link Maestro}: from the CLI's configuration, set-up messages on standard error. */
final class CliMaestro {

    private CliMaestro() {
    }

    /**
     * @param background whether this process runs the memory worker; one-shot commands leave the durable queue to
     *                   the next long-running one
     */
    static Maestro open(AppConfig config, PrintStream err, boolean background) {
        return Maestro.builder().config(config).setupLog(err).backgroundMemory(background).build();
    }
}
