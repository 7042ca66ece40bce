package dev.maestro.graph;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.maestro.agents.LlmAgent;
import dev.maestro.graph.checkpoint.PostgresCheckpointSaver;
import dev.maestro.graph.checkpoint.PostgresConversationLock;
import dev.maestro.prompts.PromptLibrary;
import dev.maestro.testkit.ScriptedStreamingChatModel;
import dev.maestro.tools.RiskLevel;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolBox;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The child JVM of {@link ToolLoopCrashIT}. {@code crash}: a turn whose model asks for two calls, then a third that
 * hangs until the parent kills this process. {@code resume}: the next request on that conversation, which finishes
 * the crashed turn first. Every call appends {@code start q} and {@code done q} to the log file.
 */
public final class ToolLoopCrashChild {

    static final String CONVERSATION = "crash-tools";

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path log = Path.of(args[1]);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(args[2]);
        ds.setUser(args[3]);
        ds.setPassword(args.length > 4 ? args[4] : "");

        ScriptedStreamingChatModel model = ScriptedStreamingChatModel.empty();
        if (mode.equals("crash")) {
            model.thenReply(GraphToolsTest.calls(GraphToolsTest.call("c1", "lookup", "{\"q\":\"a\"}"), GraphToolsTest.call("c2", "lookup", "{\"q\":\"b\"}")))
                    .thenReply(GraphToolsTest.calls(GraphToolsTest.call("c3", "lookup", "{\"q\":\"c\"}")));
        }
        model.thenReply("answer to the first question").thenReply("answer to the second question");
        LlmAgent agent = LlmAgent.builder().name("general").model(model, "scripted")
                .systemPrompt(PromptLibrary.standard().latest("general.system"))
                .tools(ToolBox.of(List.of(new LoggingTool(log, mode.equals("crash"))))).build();
        try (MaestroGraph graph = MaestroGraph.builder().agent(agent)
                .checkpointSaver(PostgresCheckpointSaver.builder().dataSource(ds).build())
                .conversationLock(new PostgresConversationLock(ds)).build()) {
            RunResult r = graph.run(CONVERSATION, mode.equals("crash") ? "first question" : "second question", RunListener.NONE);
            System.out.println("answer: " + r.answer());
            System.out.println("model requests: " + model.requests().size());
        }
    }

    /** Logs each call; in crash mode the call for {@code c} hangs, so the parent can kill the process mid-loop. */
    private record LoggingTool(Path log, boolean hangOnC) implements Tool {

        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name("lookup").description("looks up q")
                    .parameters(JsonObjectSchema.builder().addStringProperty("q").required("q").build()).build();
        }

        @Override
        public RiskLevel risk() {
            return RiskLevel.READ;
        }

        @Override
        public String source() {
            return "test";
        }

        @Override
        public String execute(String argumentsJson) throws Exception {
            String q = argumentsJson.replaceAll(".*\"q\":\"([^\"]*)\".*", "$1");
            append("start " + q);
            if (hangOnC && q.equals("c")) {
                Thread.sleep(120_000);
            }
            append("done " + q);
            return "value of " + q;
        }

        private synchronized void append(String line) throws Exception {
            Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
