package dev.maestro.agents.routing;

import dev.maestro.core.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteFileTest {

    @Test
    void should_load_routes_from_yaml() {
        // when
        List<Route> routes = RouteFile.load(FixtureRoutes.file("routes.yaml"));

        // then
        assertThat(routes).extracting(Route::name).containsExactly("coder", "weather", "travel", "cooking", "general");
        assertThat(routes.getFirst().description()).isEqualTo("writes, fixes and explains code");
        assertThat(routes.getFirst().examples()).hasSize(6).contains("write a python function that reverses a string");
    }

    @Test
    void should_load_a_bare_json_list_and_routes_without_examples() {
        // when
        List<Route> routes = RouteFile.load(FixtureRoutes.file("routes.json"));

        // then
        assertThat(routes).containsExactly(
                new Route("billing", "invoices and payments", List.of("where is my invoice", "I was charged twice")),
                new Route("general", "", List.of()));
    }

    @Test
    void should_name_the_source_and_route_in_errors() {
        assertThatThrownBy(() -> RouteFile.parse("routes:\n  - name: a\n    exmaples: [x]\n", RouteFile.Format.YAML, "r.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("The route file r.yaml, route #1 has an unknown key 'exmaples'; allowed keys are name, description, examples");
        assertThatThrownBy(() -> RouteFile.parse("routes:\n  - name: a\n  - name: a\n", RouteFile.Format.YAML, "r.yaml"))
                .hasMessageContaining("declares route 'a' twice");
        assertThatThrownBy(() -> RouteFile.parse("routes:\n  - name: a\n    examples: [x, '']\n", RouteFile.Format.YAML, "r.yaml"))
                .hasMessageContaining("route 'a': every example must be non-blank text");
        assertThatThrownBy(() -> RouteFile.parse("routes: []", RouteFile.Format.YAML, "r.yaml"))
                .hasMessageContaining("declares no routes");
        assertThatThrownBy(() -> RouteFile.parse("{not json", RouteFile.Format.JSON, "r.json"))
                .hasMessageContaining("The route file r.json is not valid JSON");
        assertThatThrownBy(() -> RouteFile.load(Path.of("no/such/routes.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Cannot read the route file no/such/routes.yaml");
    }
}
