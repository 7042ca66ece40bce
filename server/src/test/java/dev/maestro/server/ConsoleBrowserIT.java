package dev.maestro.server;

import dev.maestro.core.config.AppConfig;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The web console in Debian's headless Chromium, driven by Selenium through Debian's chromedriver (no driver or
 * browser downloads): a prompt goes in, the streamed answer and the graph's node states come out, and
 * screenshots land in {@code app/target/console-screenshot.png} (and {@code -narrow.png}, at phone width).
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (scripts/test.sh installs them) and a built
 * console on the classpath (the Maven build builds it when npm is present). Without them the test is skipped,
 * or fails when {@code CI=true}.
 */
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    /** Held so the setting sticks: Selenium warns through java.util.logging that it has no CDP classes for this Chromium, which it does not need here. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    private static Path profile;
    private static ChromeDriverService service;
    private static WebDriver browser;

    @BeforeAll
    static void browser() throws IOException {
        String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM + " is missing (apt-get install chromium)"
                : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER + " is missing (apt-get install chromium-driver)"
                : !new ConsoleRoutes().built() ? "the web console was not built (no npm when the app module was built, or -Dconsole.skip=true)"
                : null;
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("The console browser test cannot run under CI: " + missing + "; scripts/test.sh installs the browser.");
            }
            abort("Skipping the console browser test: " + missing + ". scripts/test.sh installs what it needs.");
        }
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        profile = Files.createTempDirectory("maestro-chromium");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())   // explicit: Selenium Manager never runs, nothing is downloaded
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,1200", "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT);
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void should_stream_the_answer_and_show_the_graph_nodes_complete_after_a_prompt() throws IOException {
        // given: a model that streams its answer in four tokens
        ollama.streamTokens(List.of("Vectors ", "are lists ", "of numbers ", "[1]."), 21, 4);
        AppConfig config = TestServer.config(db, ollama, Map.of());
        try (TestServer server = TestServer.start(config, db)) {
            browser.manage().window().setSize(new Dimension(1440, 1200));
            browser.get(server.url("/"));
            WebElement prompt = waitFor(() -> first(By.id("prompt")));
            assertThat(browser.getTitle()).isEqualTo("Maestro console");
            assertThat(text("[data-testid=node-general], [data-testid=node-agent]")).isNotNull();

            // when: a prompt is typed and sent with Enter
            prompt.sendKeys("Compare HNSW and IVFFlat indexes");
            assertThat(attribute("[data-testid=complexity]", "data-level")).isEqualTo("moderate");
            prompt.sendKeys(Keys.ENTER);

            // then: the streamed answer, with its citation as a button
            waitFor(() -> text("[data-testid=assistant-message]") != null
                    && text("[data-testid=assistant-message]").contains("Vectors are lists of numbers [1]."));
            assertThat(browser.findElements(By.cssSelector("[data-testid=citation]"))).hasSize(1);
            assertThat(text("[data-testid=user-message]")).isEqualTo("Compare HNSW and IVFFlat indexes");

            // and: the graph's nodes all complete, the answering agent with its tokens and time
            for (String node : List.of("load_memory", "classify", "general", "save_memory")) {
                assertThat(attribute("[data-testid=node-" + node + "]", "data-state")).as(node).isEqualTo("complete");
            }
            String general = text("[data-testid=node-general]");
            assertThat(general).contains("complete").contains("21 in / 4 out").containsPattern("\\d+ ms");
            assertThat(attribute("[data-testid=run-graph]", "data-status")).isEqualTo("done");
            assertThat(text("[data-testid=route]")).startsWith("routed to general");

            // and: the run monitor counts it, and the metrics show it
            waitFor(() -> "1".equals(text("[data-testid=runs-completed]")));
            assertThat(text("[data-testid=runs-failed]")).isEqualTo("0");
            waitFor(() -> first(By.cssSelector("[data-testid=latency-chart]")) != null);
            assertThat(attribute("[data-testid=tokens-chart]", "aria-label")).contains("general 21 in, 4 out");

            // and: a citation shows the answer's sources (none here)
            browser.findElement(By.cssSelector("[data-testid=citation]")).click();
            assertThat(browser.findElement(By.cssSelector("[data-testid=assistant-message]")).getText())
                    .contains("This answer has no sources.");

            // a second prompt, so the monitor and the charts have more than one point
            ollama.streamTokens(List.of("pgvector ", "stores ", "embeddings."), 12, 3);
            WebElement again = browser.findElement(By.id("prompt"));
            again.sendKeys("What is pgvector?");
            browser.findElement(By.cssSelector("[data-testid=send]")).click();
            waitFor(() -> browser.findElements(By.cssSelector("[data-testid=assistant-message]")).size() == 2);
            waitFor(() -> "2".equals(text("[data-testid=runs-completed]")));
            assertThat(browser.findElements(By.cssSelector("[data-testid=assistant-message]")).get(1).getText())
                    .contains("pgvector stores embeddings.");
            assertThat(attribute("[data-testid=node-general]", "data-state")).isEqualTo("complete");
            screenshot("console-screenshot.png");

            // at phone width the panels stack and the graph runs top to bottom
            browser.manage().window().setSize(new Dimension(400, 1400));
            waitFor(() -> browser.findElement(By.cssSelector("[data-testid=run-graph]")).getSize().getWidth() < 400);
            screenshot("console-screenshot-narrow.png");
        }
    }

    @Test
    void should_show_tool_calls_as_badges_and_a_paused_call_with_its_arguments() throws IOException {
        // given: an agent that computes, then asks to write a file (which waits for approval)
        java.nio.file.Path workspace = java.nio.file.Files.createTempDirectory("maestro-console-ws");
        String agents = TestServer.tempFile("console-tools.yaml", """
                agents:
                  - name: scribe
                    prompt: general.system
                    tools: [calculator, write_file]
                """).toString();
        ollama.streamTokens(List.of("Saved 42."), 9, 2).callToolsFirst(List.of(
                new dev.maestro.testkit.StubToolCall("call_1", "calculator", "{\"expression\": \"6 * 7\"}"),
                new dev.maestro.testkit.StubToolCall("call_2", "write_file", "{\"path\": \"answer.txt\", \"content\": \"42\"}")));
        AppConfig config = TestServer.config(db, ollama, Map.of(dev.maestro.core.config.Setting.AGENTS_FILE, agents,
                dev.maestro.core.config.Setting.TOOLS_WORKSPACE, workspace.toString()));
        try (TestServer server = TestServer.start(config, db)) {
            browser.manage().window().setSize(new Dimension(1440, 1200));
            browser.get(server.url("/"));
            WebElement prompt = waitFor(() -> first(By.id("prompt")));

            // when
            prompt.sendKeys("compute 6*7 and save it");
            prompt.sendKeys(Keys.ENTER);

            // then: the approval names the tool and its arguments, and the calculator's badge is on the agent
            waitFor(() -> text("[data-testid=approval]") != null && text("[data-testid=approval]").contains("write_file"));
            assertThat(text("[data-testid=approval]")).contains("scribe wants to call write_file (write) with").contains("answer.txt");
            assertThat(attribute("[data-testid=tool-scribe-calculator]", "data-state")).isEqualTo("ok");
            assertThat(text("[data-testid=tool-scribe-calculator]")).containsPattern("calculator · \\d+ ms");
            screenshot("console-tools-approval.png");

            // and: once approved, the write's badge turns ok and the answer arrives
            browser.findElements(By.cssSelector("button")).stream().filter(b -> b.getText().equals("Approve")).findFirst().orElseThrow().click();
            waitFor(() -> "ok".equals(attribute("[data-testid=tool-scribe-write_file]", "data-state")));
            waitFor(() -> browser.findElements(By.cssSelector("[data-testid=assistant-message]")).stream().anyMatch(m -> m.getText().contains("Saved 42.")));
            assertThat(java.nio.file.Files.readString(workspace.resolve("answer.txt"))).isEqualTo("42");
        }
    }

    @Test
    void should_show_an_open_breaker_in_red_beside_the_fallback_that_answered() throws IOException {
        // given: chat.model answers 500, its fallback on the same server streams (priced); breakers judge 2 calls
        ollama.tags("broken-model", OllamaStub.MODEL).streamTokens(List.of("From ", "the fallback."), 8, 3);
        ollama.wireMock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/api/chat")
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.model",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("broken-model")))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(500).withBody("{\"error\":\"model crashed\"}")));
        AppConfig config = TestServer.config(db, ollama, Map.of(dev.maestro.core.config.Setting.CHAT_MODEL, "broken-model",
                dev.maestro.core.config.Setting.CHAT_FALLBACK, "ollama:" + OllamaStub.MODEL,
                dev.maestro.core.config.Setting.BREAKER_WINDOW, "2", dev.maestro.core.config.Setting.BREAKER_OPEN_FOR, "60s",
                dev.maestro.core.config.Setting.MEMORY_FACTS, "false", dev.maestro.core.config.Setting.COST_PRICES, OllamaStub.MODEL + "=1/2"));
        try (TestServer server = TestServer.start(config, db)) {
            String conversation = server.conversation(null);
            for (int i = 0; i < 2; i++) {
                var turn = server.post("/api/conversations/" + conversation + "/messages", "{\"content\": \"hello " + i + "\"}", null);
                assertThat(turn.status()).as(turn.body()).isEqualTo(200);
            }

            // when
            browser.manage().window().setSize(new Dimension(1440, 1200));
            browser.get(server.url("/"));

            // then: the broken model's breaker is open (red), with its failures, fallbacks and error; the fallback's closed
            String broken = "[data-testid='model-ollama:broken-model']";
            String fallback = "[data-testid='model-ollama:" + OllamaStub.MODEL + "']";
            waitFor(() -> "open".equals(attribute(broken + " [data-testid=breaker]", "data-breaker")));
            assertThat(attribute(broken, "data-tone")).isEqualTo("red");
            assertThat(text(broken)).contains("OPEN").contains("2 failures").contains("2 fallbacks").contains("500");
            assertThat(attribute(fallback, "data-tone")).isEqualTo("green");
            assertThat(text(fallback)).contains("CLOSED").contains("2 calls").containsPattern("last \\d+ ms");
            assertThat(attribute("[data-testid=models]", "data-status")).isEqualTo("degraded");
            // and: the two runs' cost in the monitor (newest first, above the other tests' runs): 8 × 1 / 1e6 + 3 × 2 / 1e6 USD
            waitFor(() -> browser.findElements(By.cssSelector("[data-testid=run-cost]")).size() >= 2);
            assertThat(browser.findElements(By.cssSelector("[data-testid=run-cost]")).subList(0, 2)).extracting(WebElement::getText)
                    .containsOnly("$0.000014");
            screenshot("console-models.png");
        }
    }

    @Test
    void should_serve_the_console_files_with_their_content_types() {
        AppConfig config = TestServer.config(db, ollama, Map.of());
        try (TestServer server = TestServer.start(config, db)) {
            var index = server.get("/", null);
            assertThat(index.status()).isEqualTo(200);
            assertThat(index.header("Content-Type")).startsWith("text/html");
            assertThat(index.body()).contains("<div id=\"root\">");
            var matcher = java.util.regex.Pattern.compile("/assets/[A-Za-z0-9._-]+\\.(js|css)").matcher(index.body());
            int checked = 0;
            while (matcher.find()) {
                var asset = server.send(HttpRequest.newBuilder(URI.create(server.url(matcher.group()))).GET(), null);
                assertThat(asset.status()).as(matcher.group()).isEqualTo(200);
                assertThat(asset.header("Content-Type")).startsWith(matcher.group(1).equals("js") ? "text/javascript" : "text/css");
                assertThat(asset.header("Cache-Control")).contains("immutable");
                checked++;
            }
            assertThat(checked).isGreaterThanOrEqualTo(2);
            assertThat(server.get("/assets/nope.js", null).status()).isEqualTo(404);
            assertThat(server.get("/assets/..%2Fpom.xml", null).status()).isEqualTo(404);
        }
    }

    /** A screenshot of the whole page: the window grows to the page's height first. */
    private static void screenshot(String name) throws IOException {
        Dimension size = browser.manage().window().getSize();
        Object height = ((ChromeDriver) browser).executeScript("return document.documentElement.scrollHeight");
        if (height instanceof Number h && h.intValue() > size.getHeight()) {
            browser.manage().window().setSize(new Dimension(size.getWidth(), Math.min(h.intValue() + 120, 4000)));
        }
        Path target = Path.of("target", name).toAbsolutePath();
        Files.createDirectories(target.getParent());
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isPositive();
    }

    private static WebElement first(By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static String text(String css) {
        WebElement e = first(By.cssSelector(css));
        return e == null ? null : e.getText();
    }

    private static String attribute(String css, String name) {
        WebElement e = first(By.cssSelector(css));
        return e == null ? null : e.getDomAttribute(name);
    }

    private static <T> T waitFor(Supplier<T> value) {
        long end = System.nanoTime() + WAIT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < end) {
            try {
                T v = value.get();
                if (v != null && !Boolean.FALSE.equals(v)) {
                    return v;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("The console did not get there within " + WAIT + "; page text:\n"
                + browser.findElement(By.tagName("body")).getText(), last);
    }
}
