package dev.maestro.graph;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.maestro.tools.RiskLevel;
import dev.maestro.tools.Tool;

import java.util.concurrent.atomic.AtomicInteger;

/** A tool for graph tests: takes {@code q}, answers {@code name(q)}, counts its calls. */
final class CountingTool implements Tool {

    final AtomicInteger calls = new AtomicInteger();
    private final ToolSpecification spec;
    private final RiskLevel risk;

    CountingTool(String name, RiskLevel risk) {
        this.spec = ToolSpecification.builder().name(name).description(name)
                .parameters(JsonObjectSchema.builder().addStringProperty("q").required("q").build()).build();
        this.risk = risk;
    }

    @Override
    public ToolSpecification specification() {
        return spec;
    }

    @Override
    public RiskLevel risk() {
        return risk;
    }

    @Override
    public String source() {
        return "test";
    }

    @Override
    public String execute(String argumentsJson) {
        calls.incrementAndGet();
        return spec.name() + " done";
    }
}
