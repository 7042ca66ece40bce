package dev.maestro.tools;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.maestro.core.ConfigException;
import dev.maestro.tools.builtin.CalculatorTool;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolRegistryTest {

    final AtomicInteger githubListed = new AtomicInteger();
    final AtomicInteger jiraListed = new AtomicInteger();

    @Test
    void resolves_builtins_classes_and_mcp_globs() {
        ToolRegistry registry = registry();
        List<String> names = registry.resolve("coder", List.of("calculator", "class:" + OrderTools.class.getName(), "mcp:github.*"))
                .stream().map(Tool::name).toList();
        // a class's tools in name order (reflection has none)
        assertThat(names).containsExactly("calculator", "cancelOrder", "orderStatus", "github.search_issues", "github.create_issue");
    }

    @Test
    void a_narrow_mcp_entry_asks_only_its_own_server() {
        List<Tool> tools = registry().resolve("coder", List.of("mcp:github.search_*"));
        assertThat(tools).extracting(Tool::name).containsExactly("github.search_issues");
        assertThat(githubListed).hasValue(1);
        assertThat(jiraListed).hasValue(0);
    }

    @Test
    void mcp_star_takes_every_server() {
        assertThat(registry().resolve("coder", List.of("mcp:*"))).extracting(Tool::name)
                .containsExactly("github.search_issues", "github.create_issue", "jira.create_ticket");
    }

    @Test
    void a_box_resolves_on_first_use_only() {
        ToolBox box = registry().box("coder", List.of("mcp:github.*"));
        assertThat(githubListed).hasValue(0);
        assertThat(box.find("github__create_issue")).isPresent();
        assertThat(box.find("github.create_issue")).isPresent();
        assertThat(box.specifications()).extracting(ToolSpecification::name).containsExactly("github__search_issues", "github__create_issue");
        assertThat(githubListed).hasValue(1);
    }

    @Test
    void an_entry_that_matches_nothing_says_what_exists() {
        assertThatThrownBy(() -> registry().resolve("coder", List.of("calculater")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Agent coder names tool 'calculater', which matches no tool")
                .hasMessageContaining("calculator").hasMessageContaining("mcp:github.*");
        assertThatThrownBy(() -> registry().resolve("coder", List.of("class:com.acme.Missing")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("com.acme.Missing is not on the class path");
    }

    @Test
    void annotated_methods_run_through_langchain4j_with_risk_levels() {
        List<Tool> tools = AnnotatedTools.from(new OrderTools());
        Tool status = tools.stream().filter(t -> t.name().equals("orderStatus")).findFirst().orElseThrow();
        Tool cancel = tools.stream().filter(t -> t.name().equals("cancelOrder")).findFirst().orElseThrow();
        ToolInvoker invoker = new ToolInvoker();

        assertThat(status.risk()).isEqualTo(RiskLevel.READ);
        assertThat(cancel.risk()).isEqualTo(RiskLevel.WRITE);
        assertThat(status.source()).isEqualTo("class:dev.maestro.tools.OrderTools");
        assertThat(invoker.invoke(status, "{\"orderId\":42}", Duration.ofSeconds(2)).text()).isEqualTo("order 42 shipped");
        assertThat(invoker.invoke(status, "{\"orderId\":\"x\"}", Duration.ofSeconds(2)).ok()).isFalse();
        ToolResult failed = invoker.invoke(cancel, "{\"orderId\":-1}", Duration.ofSeconds(2));
        assertThat(failed.ok()).as(failed.text()).isFalse();
        assertThat(failed.text()).contains("no such order -1");
    }

    @Test
    void glob_patterns_quote_everything_but_the_star() {
        assertThat(ToolRegistry.globPattern("a.b*").matcher("a.bcd").matches()).isTrue();
        assertThat(ToolRegistry.globPattern("a.b*").matcher("axbcd").matches()).isFalse();
        assertThat(ToolRegistry.globPattern("*").matcher("x.y").matches()).isTrue();
    }

    private ToolRegistry registry() {
        return ToolRegistry.builder()
                .tools(new CalculatorTool())
                .source(fakeMcp("github", githubListed, "search_issues", "create_issue"))
                .source(fakeMcp("jira", jiraListed, "create_ticket"))
                .build();
    }

    private static ToolSource fakeMcp(String server, AtomicInteger listed, String... tools) {
        return new ToolSource() {
            @Override
            public String id() {
                return "mcp:" + server;
            }

            @Override
            public List<Tool> tools() {
                listed.incrementAndGet();
                return java.util.Arrays.stream(tools).map(t -> named(server + "." + t, server + "__" + t)).toList();
            }
        };
    }

    private static Tool named(String name, String wire) {
        ToolSpecification spec = ToolSpecification.builder().name(wire).build();
        return new Tool() {
            @Override
            public ToolSpecification specification() {
                return spec;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public RiskLevel risk() {
                return RiskLevel.READ;
            }

            @Override
            public String source() {
                return "mcp:test";
            }

            @Override
            public String execute(String argumentsJson) {
                return name;
            }
        };
    }
}
