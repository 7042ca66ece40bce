package dev.maestro.agents.routing;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The fixture route file and one shared in-process embedding model (loading ONNX takes a second or two). */
final class FixtureRoutes {

    private static EmbeddingModel model;

    private FixtureRoutes() {
    }

    static synchronized EmbeddingModel embeddingModel() {
        if (model == null) {
            model = new BgeSmallEnV15QuantizedEmbeddingModel();
        }
        return model;
    }

    static Path file(String name) {
        try {
            return Path.of(FixtureRoutes.class.getResource("/routing/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Route> routes() {
        return RouteFile.load(file("routes.yaml"));
    }
}
