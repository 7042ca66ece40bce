package dev.maestro.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./maestro} launcher mends a build that was interrupted or failed: a copy of it runs in a scratch tree
 * with a fake {@code mvn} (records its arguments, acts out the broken builds) and a fake JDK on the path, so no real
 * build runs; about a second.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherMendTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path FAKES = Path.of("src/test/resources/launcher").toAbsolutePath();
    private static final String CORE_JAR = "core/target/maestro-core-0.1.0-SNAPSHOT.jar";

    @TempDir
    Path root;

    private Path bin;

    @BeforeEach
    void scratchTree() throws IOException {
        copy(REPO.resolve("maestro"), root.resolve("maestro"));
        copy(REPO.resolve("scripts/lib/java.sh"), root.resolve("scripts/lib/java.sh"));
        bin = Files.createDirectories(root.getParent().resolve(root.getFileName() + "-bin"));
        copy(FAKES.resolve("mvn"), bin.resolve("mvn"));
        copy(FAKES.resolve("java"), bin.resolve("jdk/bin/java"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.writeString(Files.createDirectories(root.resolve("core/src/main/java")).resolve("A.java"), "class A {}");
        Files.writeString(Files.createDirectories(root.resolve("cli")).resolve("pom.xml"), "<project/>");
        try (OutputStream out = Files.newOutputStream(root.resolve("good.jar")); JarOutputStream jar = new JarOutputStream(out, new Manifest())) {
            jar.flush();
        }
    }

    @Test
    void should_rebuild_cleanly_when_an_interrupted_build_left_an_empty_module_jar() throws Exception {
        // given: the state the issue describes, an empty core jar beside an up-to-date maestro.jar
        built();
        Files.write(root.resolve(CORE_JAR), new byte[0]);

        // when
        Run run = launch("version");

        // then
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains(CORE_JAR + " is empty or corrupt", "rebuilding from scratch (mvn clean install)");
        assertThat(run.mvnCalls()).singleElement().asString().contains("-pl cli -am clean install");
        assertThat(Files.size(root.resolve(CORE_JAR))).isPositive();
        assertThat(run.out()).contains("fake java:", "-jar " + root.resolve("cli/target/maestro.jar"), "version");
        assertThat(root.resolve(".maestro-build-incomplete")).doesNotExist();
    }

    @Test
    void should_rebuild_cleanly_when_a_module_jar_was_cut_short() throws Exception {
        // given
        built();
        byte[] good = Files.readAllBytes(root.resolve("good.jar"));
        Files.write(root.resolve(CORE_JAR), Arrays.copyOf(good, good.length - 22));

        // when
        Run run = launch("version");

        // then
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains(CORE_JAR + " is empty or corrupt");
        assertThat(run.mvnCalls()).singleElement().asString().contains("clean install");
    }

    @Test
    void should_rerun_with_clean_when_the_quiet_build_fails_reading_a_broken_jar() throws Exception {
        // given: a broken jar where the launcher cannot see it (the local repository)
        Files.writeString(root.resolve("m2-broken"), "");

        // when
        Run run = launch("chat");

        // then
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.mvnCalls()).hasSize(2);
        assertThat(run.mvnCalls().get(0)).contains("-pl cli -am install").doesNotContain("clean");
        assertThat(run.mvnCalls().get(1)).contains("-pl cli -am clean install");
        assertThat(run.err()).contains("the build read a broken jar (error: error reading", "zip file is empty",
                "rebuilding from scratch (mvn clean install)");
        assertThat(run.out()).contains("fake java:", "chat");
    }

    @Test
    void should_leave_a_marker_when_interrupted_and_rebuild_cleanly_on_the_next_run() throws Exception {
        // given: a first build that hangs while packaging, then Ctrl-C
        Files.writeString(root.resolve("mvn-hangs"), "");
        Process first = start("chat");
        awaitFile(root.resolve("mvn.pid"));
        new ProcessBuilder("kill", "-INT", Long.toString(first.pid())).start().waitFor();
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).as("the launcher stops at once").isTrue();
        String err = Files.readString(root.resolve("err.txt"));
        assertThat(first.exitValue()).as(err).isEqualTo(130);
        assertThat(err).contains("maestro: build interrupted; the next ./maestro rebuilds from scratch");
        assertThat(root.resolve(".maestro-build-incomplete")).exists();
        ProcessHandle.of(Long.parseLong(Files.readString(root.resolve("mvn.pid")).strip()))
                .ifPresent(mvn -> assertThat(mvn.onExit()).as("the build was stopped too").succeedsWithin(Duration.ofSeconds(10)));

        // when
        Run second = launch("chat");

        // then
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.err()).contains("the previous build was interrupted or failed; rebuilding from scratch (mvn clean install)");
        assertThat(second.mvnCalls()).singleElement().asString().contains("-pl cli -am clean install");
        assertThat(root.resolve(".maestro-build-incomplete")).doesNotExist();
    }

    @Test
    void should_fail_with_the_output_on_a_compile_error_and_rebuild_cleanly_next_time() throws Exception {
        // given
        Files.writeString(root.resolve("compile-error"), "");

        // when
        Run failed = launch("chat");
        Files.delete(root.resolve("compile-error"));
        Run next = launch("chat");

        // then
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err()).contains("class, interface, enum, or record expected", "maestro: the build failed (output above).");
        assertThat(failed.mvnCalls()).singleElement().asString().doesNotContain("clean");
        assertThat(next.exit()).as(next.err()).isZero();
        assertThat(next.mvnCalls()).last().asString().contains("clean install");
    }

    @Test
    void should_not_build_when_every_jar_is_sound_and_newer_than_the_sources() throws Exception {
        // given
        built();

        // when
        Run run = launch("version");

        // then
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.mvnCalls()).isEmpty();
        assertThat(run.err()).doesNotContain("building", "rebuilding");
        assertThat(run.out()).contains("fake java:");
    }

    /** Sound jars, newer than every source file. */
    private void built() throws IOException {
        FileTime later = FileTime.from(Instant.now().plusSeconds(60));
        for (String jar : List.of(CORE_JAR, "cli/target/maestro.jar")) {
            Path p = Files.createDirectories(root.resolve(jar).getParent()).resolve(root.resolve(jar).getFileName());
            Files.copy(root.resolve("good.jar"), p);
            Files.setLastModifiedTime(p, later);
        }
    }

    private record Run(int exit, String out, String err, List<String> mvnCalls) {
    }

    private Run launch(String... args) throws Exception {
        Files.deleteIfExists(root.resolve("mvn-calls.log"));
        Process p = start(args);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher finishes").isTrue();
        Path calls = root.resolve("mvn-calls.log");
        return new Run(p.exitValue(), Files.readString(root.resolve("out.txt")), Files.readString(root.resolve("err.txt")),
                Files.exists(calls) ? Files.readAllLines(calls) : List.of());
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("maestro").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(root.resolve("out.txt").toFile()).redirectError(root.resolve("err.txt").toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("JAVA_HOME", bin.resolve("jdk").toString());
        pb.environment().remove("MAESTRO_JAVA_OPTS");
        return pb.start();
    }

    private static void awaitFile(Path file) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (!Files.exists(file) && Instant.now().isBefore(until)) {
            Thread.sleep(20);
        }
        assertThat(file).exists();
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
