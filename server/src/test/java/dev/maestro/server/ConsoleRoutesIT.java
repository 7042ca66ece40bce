package dev.maestro.server;

import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's routes without a built console, and the content types it serves. */
class ConsoleRoutesIT {

    @Test
    void should_answer_the_root_with_how_to_build_the_console_when_it_was_not_built() throws Exception {
        // given: a class loader that has no console/ folder
        ConsoleRoutes routes = new ConsoleRoutes(new ClassLoader(null) { });
        Javalin app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        routes.register(app);
        app.start("127.0.0.1", 0);
        try (HttpClient client = HttpClient.newHttpClient()) {
            // when
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // then
            assertThat(routes.built()).isFalse();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(r.body()).contains("console was not built").contains("scripts/build-console.sh").contains("/api");
        } finally {
            app.stop();
        }
    }

    @Test
    void should_give_each_kind_of_console_file_its_content_type() {
        assertThat(ConsoleRoutes.contentType("index-abc.js")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(ConsoleRoutes.contentType("index-abc.css")).isEqualTo("text/css; charset=utf-8");
        assertThat(ConsoleRoutes.contentType("IBMPlexSans-Regular-x.woff2")).isEqualTo("font/woff2");
        assertThat(ConsoleRoutes.contentType("logo.SVG")).isEqualTo("image/svg+xml");
        assertThat(ConsoleRoutes.contentType("README")).isEqualTo("application/octet-stream");
    }
}
