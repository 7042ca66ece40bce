package dev.maestro.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.maestro.prompts.PromptLibrary;
import dev.maestro.testkit.OpenAiStub;
import dev.maestro.testkit.StubToolCall;
import dev.maestro.tools.ToolBox;
import dev.maestro.tools.ToolRegistry;
import dev.maestro.tools.mcp.McpServerConfig;
import dev.maestro.tools.mcp.McpServers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An MCP tool in the loop end to end: OpenAI's wire format (WireMock), the real client, the real server-everything. */
class McpToolLoopIT {

    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();

    @Test
    void the_model_calls_an_mcp_tool_by_its_wire_name_and_gets_the_servers_answer() throws Exception {
        Path server = Path.of(System.getProperty("maestro.mcp.servers", "../.mcp-servers"))
                .resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        if (!Files.isRegularFile(server)) {
            String message = server + " is not installed; run bash scripts/mcp-servers.sh";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        openAi.replyWith("The server said: Echo: hi", 10, 6);
        openAi.callToolsFirst(List.of(new StubToolCall("call_e", "everything__echo", "{\"message\":\"hi\"}")));
        try (McpServers servers = McpServers.of(List.of(McpServerConfig.stdio("everything", List.of("node", server.toString(), "stdio"), Map.of())))) {
            ToolBox box = servers.addTo(ToolRegistry.builder()).build().box("general", List.of("mcp:everything.echo"));
            LlmAgent agent = LlmAgent.builder().name("general")
                    .model(OpenAiStreamingChatModel.builder().baseUrl(openAi.baseUrl()).apiKey("sk-test").modelName(OpenAiStub.MODEL).build(), "stub")
                    .systemPrompt(PromptLibrary.standard().latest("general.system")).tools(box).build();

            AgentReply reply = agent.reply(AgentRequest.of("echo hi"), TokenSink.NONE);

            assertThat(reply.text()).isEqualTo("The server said: Echo: hi");
            JsonNode first = new ObjectMapper().readTree(openAi.requests().get(0).body());
            assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("everything__echo");
            assertThat(first.at("/tools/0/function/parameters/properties/message/type").asText()).isEqualTo("string");
            String result = openAi.requests().get(1).body();
            assertThat(result).contains("\\\"everything__echo\\\" status=\\\"ok\\\">\\nEcho: hi\\n</tool_result>");
        }
    }
}
