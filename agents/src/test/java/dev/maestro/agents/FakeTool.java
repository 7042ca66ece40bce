package dev.maestro.agents;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.maestro.tools.RiskLevel;
import dev.maestro.tools.Tool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tool for agent tests: counts its calls, takes one string argument {@code q}, and does what {@code body} says. */
final class FakeTool implements Tool {

    interface Body {
        String run(String args) throws Exception;
    }

    private final ToolSpecification spec;
    private final RiskLevel risk;
    private final Body body;
    final List<String> calls = new CopyOnWriteArrayList<>();

    FakeTool(String name, RiskLevel risk, Body body) {
        this.spec = ToolSpecification.builder().name(name).description("test tool " + name)
                .parameters(JsonObjectSchema.builder().addStringProperty("q").required("q").build()).build();
        this.risk = risk;
        this.body = body;
    }

    static FakeTool answering(String name, String answer) {
        return new FakeTool(name, RiskLevel.READ, args -> answer);
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
    public String execute(String argumentsJson) throws Exception {
        calls.add(argumentsJson);
        return body.run(argumentsJson);
    }
}
