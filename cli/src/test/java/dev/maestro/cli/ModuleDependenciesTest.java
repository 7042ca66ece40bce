package dev.maestro.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The module map as a test: each module's packages may use only the modules below it, and the server and the
 * user-facing commands reach Maestro through its public API ({@code dev.maestro}; the assembly behind it is
 * package-private) and never pick a provider themselves. A new edge that breaks the order fails the build here,
 * naming the class and the dependency.
 */
class ModuleDependenciesTest {

    /** Every main class of every module (this module's classpath holds them all), without tests. */
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/testkit/") && !location.contains("maestro-testkit"))
            .importPackages("dev.maestro");

    @Test
    void should_import_the_classes_of_every_module() {
        for (String pkg : new String[]{"dev.maestro", "dev.maestro.core", "dev.maestro.prompts", "dev.maestro.rag", "dev.maestro.memory", "dev.maestro.cache",
                "dev.maestro.tools", "dev.maestro.agents", "dev.maestro.graph", "dev.maestro.workflows", "dev.maestro.providers", "dev.maestro.evals",
                "dev.maestro.server", "dev.maestro.cli"}) {
            assertThat(MAIN.containPackage(pkg)).as(pkg).isTrue();
        }
    }

    @Test
    void should_keep_every_module_above_the_modules_it_uses() {
        layers().check(MAIN);
    }

    @Test
    void should_fail_for_a_class_that_uses_a_module_above_its_own() {
        // given: a graph class (a test fixture) that calls into the CLI
        JavaClasses offending = new ClassFileImporter().importClasses(dev.maestro.graph.fixture.ReachesIntoCli.class, Main.class);

        // when / then
        assertThatThrownBy(() -> layers().check(offending))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.maestro.graph.fixture.ReachesIntoCli")
                .hasMessageContaining("dev.maestro.cli.Main");
    }

    /** The runtime module's public classes are {@code dev.maestro}; the rest of that package is package-private. */
    static ArchRule layers() {
        return Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("core").definedBy("dev.maestro.core..")
                .layer("prompts").definedBy("dev.maestro.prompts..")
                .layer("rag").definedBy("dev.maestro.rag..")
                .layer("memory").definedBy("dev.maestro.memory..")
                .layer("cache").definedBy("dev.maestro.cache..")
                .layer("tools").definedBy("dev.maestro.tools..")
                .layer("agents").definedBy("dev.maestro.agents..")
                .layer("graph").definedBy("dev.maestro.graph..")
                .layer("workflows").definedBy("dev.maestro.workflows..")
                .layer("providers").definedBy("dev.maestro.providers..")
                .layer("api").definedBy("dev.maestro")
                .layer("evals").definedBy("dev.maestro.evals..")
                .layer("server").definedBy("dev.maestro.server..")
                .layer("cli").definedBy("dev.maestro.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("server").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("evals").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("api").mayOnlyBeAccessedByLayers("server", "cli")
                .whereLayer("providers").mayOnlyBeAccessedByLayers("api", "cli")
                .whereLayer("workflows").mayOnlyBeAccessedByLayers("api", "server", "cli")
                .whereLayer("graph").mayOnlyBeAccessedByLayers("api", "server", "cli", "evals", "workflows")
                .whereLayer("agents").mayOnlyBeAccessedByLayers("graph", "api", "server", "cli", "evals", "workflows")
                .whereLayer("cache").mayOnlyBeAccessedByLayers("api", "server", "cli", "evals")
                .whereLayer("memory").mayOnlyBeAccessedByLayers("agents", "graph", "api", "server", "cli", "evals")
                .whereLayer("rag").mayOnlyBeAccessedByLayers("agents", "graph", "api", "server", "cli", "evals")
                .whereLayer("tools").mayOnlyBeAccessedByLayers("agents", "graph", "api", "server", "cli", "evals", "workflows")
                .whereLayer("prompts").mayOnlyBeAccessedByLayers("agents", "graph", "api", "server", "cli", "evals", "workflows");
    }

    @Test
    void should_let_the_server_reach_maestro_only_through_its_public_api() {
        noClasses().that().resideInAPackage("dev.maestro.server..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.maestro.providers..")
                .because("the server is a client of dev.maestro.Maestro, so the API is complete by construction")
                .check(MAIN);
    }

    /**
     * The commands a user runs against Maestro (chat, ask, serve, ingest, memory, graph, keys, db, config) use the
     * public API. The benchmark and evaluation harnesses ({@code bench …}, {@code eval …}) assemble the lower modules
     * themselves on purpose: they measure those parts one at a time, against baselines.
     */
    @Test
    void should_let_the_user_facing_commands_reach_maestro_only_through_its_public_api() {
        noClasses().that().resideInAPackage("dev.maestro.cli")
                .and().haveSimpleNameNotStartingWith("Bench").and().haveSimpleNameNotStartingWith("Eval")
                .should().dependOnClassesThat().resideInAnyPackage("dev.maestro.providers..")
                .check(MAIN);
    }
}
