package dev.maestro.cli;

import dev.maestro.Maestro;
import dev.maestro.core.config.AppConfig;
import dev.maestro.server.MaestroServer;
import dev.maestro.core.db.DatabaseStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code maestro serve}: the HTTP API, SSE streaming and the OpenAI-compatible endpoint, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve Maestro over HTTP: JSON API under /api (SSE streaming), OpenAI-compatible /v1, /health, /metrics.",
                "A host other than a loopback address requires API keys (maestro keys create --tenant NAME)."})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    MaestroCommand root;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        CliContext ctx = root.context();
        AppConfig config = ctx.config();
        CountDownLatch stopped = new CountDownLatch(1);
        try (Maestro maestro = CliMaestro.open(config, ctx.err(), true);
             MaestroServer server = MaestroServer.builder().maestro(maestro).build().start(host, port)) {
            Thread hook = new Thread(stopped::countDown, "maestro-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            if (!maestro.database().autovacuum()) {
                ctx.err().println("maestro: warning: " + DatabaseStatus.AUTOVACUUM_OFF);
            }
            ctx.out().println("Maestro listening on http://" + host + ":" + server.port()
                    + " · API under /api, OpenAI-compatible under /v1, /health/ready, /metrics · Ctrl-C stops");
            ctx.out().flush();
            stopped.await();
        }
        return ExitCodes.OK;
    }
}
