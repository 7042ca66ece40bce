package dev.maestro.agents.bench;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import dev.maestro.agents.AgentRequest;
import dev.maestro.agents.LlmAgent;
import dev.maestro.agents.TokenSink;
import dev.maestro.prompts.PromptLibrary;
import dev.maestro.tools.RiskLevel;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolBox;
import dev.maestro.tools.bench.Percentiles;

import java.util.List;

/**
 * The core of {@code maestro bench tools}' loop half: Maestro's own cost of one tool-loop iteration (the model asks
 * for a call, the call runs, its result goes back, the model answers), with a model and a tool that answer at once,
 * so everything measured is Maestro's. Goal: p50 ≤ 2 ms, p95 ≤ 5 ms.
 *
 * @since 0.1
 */
public final class ToolLoopBenchmark {

    private ToolLoopBenchmark() {
    }

    public static Percentiles run(int warmup, int measured) {
        LlmAgent agent = LlmAgent.builder().name("bench").model(new InstantModel(), "instant")
                .systemPrompt(PromptLibrary.standard().latest("general.system"))
                .tools(ToolBox.of(List.of(new InstantTool()))).build();
        AgentRequest request = AgentRequest.of("What is the answer?");
        long[] nanos = new long[measured];
        for (int i = -warmup; i < measured; i++) {
            long t0 = System.nanoTime();
            String text = agent.reply(request, TokenSink.NONE).text();
            long t = System.nanoTime() - t0;
            if (!text.equals("42")) {
                throw new IllegalStateException("the loop did not finish: " + text);
            }
            if (i >= 0) {
                nanos[i] = t;
            }
        }
        return Percentiles.of(nanos);
    }

    public static void main(String[] args) {
        System.out.println("tool loop, one iteration (instant model and tool): " + run(2000, 5000) + " (goal p50 ≤ 2 ms, p95 ≤ 5 ms)");
    }

    /** Asks for the tool when the last message is not its result, else answers "42"; on the caller's thread. */
    private static final class InstantModel implements StreamingChatModel {
        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            boolean answered = request.messages().getLast() instanceof ToolExecutionResultMessage;
            AiMessage ai = answered ? AiMessage.from("42")
                    : AiMessage.from(List.of(ToolExecutionRequest.builder().id("c1").name("answer").arguments("{\"q\":\"x\"}").build()));
            if (answered) {
                handler.onPartialResponse("42");
            }
            handler.onCompleteResponse(ChatResponse.builder().aiMessage(ai).tokenUsage(new TokenUsage(1, 1)).modelName("instant").build());
        }
    }

    private static final class InstantTool implements Tool {
        private static final ToolSpecification SPEC = ToolSpecification.builder().name("answer").description("the answer")
                .parameters(JsonObjectSchema.builder().addStringProperty("q").required("q").build()).build();

        @Override
        public ToolSpecification specification() {
            return SPEC;
        }

        @Override
        public RiskLevel risk() {
            return RiskLevel.READ;
        }

        @Override
        public String source() {
            return "bench";
        }

        @Override
        public String execute(String argumentsJson) {
            return "42";
        }
    }
}
