package dev.maestro.graph;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.maestro.agents.routing.RouteDecision;

import static org.assertj.core.api.Assertions.assertThat;

/** The graph's path per intent, parallel fan-out and its merge, the review gate, the planner. */
class GraphFlowTest {

    private static Map<String, String> keywords() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("code", "coder");
        k.put("paper", "researcher");
        return k;
    }

    private static List<String> nodesStarted(List<RunEvent> events) {
        List<String> out = new ArrayList<>();
        for (RunEvent e : events) {
            if (e.type() == RunEvent.Type.NODE_STARTED) {
                out.add(e.node());
            }
        }
        return out;
    }

    @Test
    void should_emit_the_retrieval_strategy_before_the_answer_and_return_it_with_the_sources() {
        // given: a researcher reading from a retriever
        dev.maestro.rag.Retriever hybrid = new dev.maestro.rag.Retriever() {
            @Override
            public String name() {
                return "hybrid";
            }

            @Override
            public List<dev.maestro.rag.Hit> retrieve(dev.maestro.rag.RetrievalRequest request) {
                return List.of(new dev.maestro.rag.Hit(11, 2, "sleep.md", "Sleep study", "Adults need 7 hours.", Map.of(), 0.8, null));
            }
        };
        FakeAgent general = FakeAgent.saying("general", "hello there");
        dev.maestro.agents.Agent researcher = new dev.maestro.agents.RetrievingAgent(FakeAgent.saying("researcher", "see [1]"), hybrid, 3);
        try (MaestroGraph graph = MaestroGraph.builder().agents(general, researcher).router(new KeywordRouter(keywords())).build()) {
            List<RunEvent> events = new CopyOnWriteArrayList<>();

            // when
            RunResult research = graph.run("r1", "find the paper on sleep", events::add);
            RunResult chat = graph.run("r2", "how are you today", RunListener.NONE);

            // then
            List<RunEvent.Type> types = events.stream().map(RunEvent::type).toList();
            RunEvent retrieval = events.get(types.indexOf(RunEvent.Type.RETRIEVAL));
            assertThat(retrieval.node()).isEqualTo("researcher");
            assertThat(retrieval.data()).containsEntry("strategy", "hybrid").containsEntry("agent", "researcher")
                    .containsEntry("sources", List.of("[1] Sleep study · chunk 11"));
            assertThat(types.indexOf(RunEvent.Type.RETRIEVAL)).isLessThan(types.indexOf(RunEvent.Type.TOKEN));
            assertThat(research.retrieval()).isEqualTo("hybrid");
            assertThat(research.sources()).containsExactly("[1] Sleep study · chunk 11");
            assertThat(chat.retrieval()).isEmpty();
        }
    }

    @Test
    void should_route_each_intent_to_its_agent_and_abstentions_to_the_default() {
        // given
        FakeAgent general = FakeAgent.saying("general", "hello there");
        FakeAgent coder = FakeAgent.saying("coder", "print(1)");
        FakeAgent researcher = FakeAgent.saying("researcher", "see [1]");
        try (MaestroGraph graph = MaestroGraph.builder().agents(general, coder, researcher).router(new KeywordRouter(keywords())).build()) {
            List<RunEvent> events = new CopyOnWriteArrayList<>();

            // when
            RunResult code = graph.run("c1", "write code to print one", events::add);
            RunResult chat = graph.run("c2", "how are you today", RunListener.NONE);

            // then
            assertThat(code.answer()).isEqualTo("print(1)");
            assertThat(code.agent()).isEqualTo("coder");
            assertThat(code.route()).isEqualTo("coder");
            assertThat(code.inputTokens()).isEqualTo(10);
            assertThat(code.outputTokens()).isEqualTo(8);
            assertThat(nodesStarted(events)).containsExactly("load_memory", "classify", "coder", "save_memory");
            RunEvent route = events.stream().filter(e -> e.type() == RunEvent.Type.ROUTE).findFirst().orElseThrow();
            assertThat(route.data()).containsEntry("route", "coder").containsEntry("abstained", false).containsEntry("complexity", "simple");
            assertThat(events).filteredOn(e -> e.type() == RunEvent.Type.TOKEN).extracting(e -> e.text("text")).containsExactly("prin", "t(1)");
            assertThat(events.get(events.size() - 1).type()).isEqualTo(RunEvent.Type.RUN_FINISHED);
            assertThat(chat.agent()).isEqualTo("general");
            assertThat(researcher.requests).isEmpty();
        }
    }

    @Test
    void should_fan_out_multi_intent_requests_in_parallel_and_keep_every_answer_even_identical_ones() {
        // given: two agents that answer the SAME text, which LangGraph4j's default appender would collapse into one
        FakeAgent general = FakeAgent.saying("general", "hi");
        FakeAgent coder = FakeAgent.saying("coder", "same answer").slow(300);
        FakeAgent researcher = FakeAgent.saying("researcher", "same answer").slow(300);
        try (MaestroGraph graph = MaestroGraph.builder().agents(general, coder, researcher).router(new KeywordRouter(keywords())).build()) {
            List<RunEvent> events = new CopyOnWriteArrayList<>();

            // when
            RunResult r = graph.run("c3", "Write code for a parser. Then find a paper about parsers.", events::add);

            // then
            assertThat(r.agents()).containsExactly("coder", "researcher");
            assertThat(r.answer()).contains("**coder** — Write code for a parser.\n\nsame answer")
                    .contains("**researcher** — Then find a paper about parsers.\n\nsame answer");
            assertThat(r.inputTokens()).isEqualTo(20); // each agent counted once, not twice
            assertThat(r.outputTokens()).isEqualTo(22);
            assertThat(coder.requests).hasSize(1);
            assertThat(researcher.requests).hasSize(1);
            assertThat(coder.threads.get(0)).isNotEqualTo(researcher.threads.get(0)); // two pool threads ran the branches
            long[] a = coder.spans.get(0);
            long[] b = researcher.spans.get(0);
            assertThat(a[0] < b[1] && b[0] < a[1]).as("each branch starts before the other ends").isTrue();
            assertThat(nodesStarted(events)).contains("fan_out", "coder_parallel", "researcher_parallel", "merge");
            assertThat(events).filteredOn(e -> e.type() == RunEvent.Type.TOKEN).allMatch(e -> Boolean.TRUE.equals(e.data().get("parallel")));
        }
    }

    @Test
    void should_merge_key_by_key_so_a_second_application_changes_nothing() {
        Map<String, Object> current = new LinkedHashMap<>(Map.of("01-a", Map.of("text", "x")));
        Map<String, Object> update = Map.of("02-b", Map.of("text", "x"));

        Map<String, Object> once = ChatState.mergeByKey(current, update);
        Map<String, Object> twice = ChatState.mergeByKey(once, update);

        assertThat(once).containsOnlyKeys("01-a", "02-b");
        assertThat(twice).isEqualTo(once);
    }

    @Test
    void should_retry_once_with_the_reviewers_feedback_when_rejected() {
        // given
        FakeAgent general = new FakeAgent("general", req -> req.feedback().isEmpty() ? "draft" : "fixed: " + req.feedback());
        FakeAgent reviewer = FakeAgent.saying("reviewer", "REJECT: cite a source");
        try (MaestroGraph graph = MaestroGraph.builder().agent(general).reviewer(reviewer).build()) {
            List<RunEvent> events = new CopyOnWriteArrayList<>();

            // when
            RunResult r = graph.run("c4", "tell me something", events::add);

            // then
            assertThat(r.answer()).isEqualTo("fixed: cite a source");
            assertThat(general.requests).hasSize(2);
            assertThat(general.requests.get(1).context()).contains("Your previous answer:\ndraft");
            assertThat(reviewer.requests).hasSize(1);
            assertThat(reviewer.requests.get(0).context()).contains("draft");
            assertThat(nodesStarted(events)).containsExactly("load_memory", "classify", "general", "review", "revise", "save_memory");
        }
    }

    @Test
    void should_keep_an_approved_answer() {
        FakeAgent general = FakeAgent.saying("general", "good answer");
        FakeAgent reviewer = FakeAgent.saying("reviewer", "APPROVE");
        try (MaestroGraph graph = MaestroGraph.builder().agent(general).reviewer(reviewer).build()) {
            RunResult r = graph.run("c5", "q", RunListener.NONE);

            assertThat(r.answer()).isEqualTo("good answer");
            assertThat(general.requests).hasSize(1);
        }
    }

    @Test
    void should_let_the_planner_split_complex_requests_into_parallel_steps() {
        // given
        FakeAgent general = FakeAgent.saying("general", "summary");
        FakeAgent coder = new FakeAgent("coder", req -> "code for " + req.question());
        FakeAgent planner = FakeAgent.saying("planner", """
                Here is the plan:
                {"steps":[{"agent":"coder","task":"write the parser"},{"agent":"coder","task":"write the tests"},
                          {"agent":"nobody","task":"explain it"}]}""");
        try (MaestroGraph graph = MaestroGraph.builder().agents(general, coder).planner(planner)
                .router(new KeywordRouter(keywords())).build()) {
            List<RunEvent> events = new CopyOnWriteArrayList<>();

            // when
            RunResult r = graph.run("c6", "a complex job: build a parser with tests and docs", events::add);

            // then
            assertThat(planner.requests.get(0).context()).contains("general, coder");
            assertThat(r.agents()).containsExactly("coder", "general");
            assertThat(coder.requests).extracting(q -> q.question()).containsExactlyInAnyOrder("write the parser", "write the tests");
            assertThat(r.answer()).contains("code for write the parser").contains("code for write the tests").contains("summary");
            assertThat(r.answer().indexOf("write the parser")).isLessThan(r.answer().indexOf("write the tests"));
            assertThat(events).anyMatch(e -> e.type() == RunEvent.Type.PLAN);
        }
    }

    @Test
    void should_print_the_graph_as_mermaid() {
        try (MaestroGraph graph = MaestroGraph.builder().agents(FakeAgent.saying("general", "x"), FakeAgent.saying("coder", "y"))
                .reviewer(FakeAgent.saying("reviewer", "APPROVE")).planner(FakeAgent.saying("planner", "{}")).build()) {
            assertThat(graph.mermaid()).contains("flowchart", "classify", "coder_parallel", "merge", "review", "planner");
        }
    }

    @Test
    void should_put_the_llm_classifiers_latency_tokens_and_reason_in_the_route_event_and_the_turns_usage() {
        // given a router whose decision came from the LLM classifier after the embedding router abstained
        RouteDecision.LlmCall call = new RouteDecision.LlmCall(412.5, 120, 9, "llama3.2", "");
        dev.maestro.agents.routing.IntentRouter router = request -> new RouteDecision(java.util.Optional.of("coder"), 0.8, true, List.of(),
                dev.maestro.agents.routing.Complexity.SIMPLE, RouteDecision.DecidedBy.LLM, "coder leads general by 0.004, under its margin 0.010",
                java.util.Optional.of(call));
        FakeAgent general = FakeAgent.saying("general", "hello there");
        FakeAgent coder = FakeAgent.saying("coder", "print(1)");
        try (MaestroGraph graph = MaestroGraph.builder().agents(general, coder).router(router).build()) {
            List<RunEvent> events = new CopyOnWriteArrayList<>();

            // when
            RunResult result = graph.run("c1", "print something", events::add);

            // then
            RunEvent route = events.stream().filter(e -> e.type() == RunEvent.Type.ROUTE).findFirst().orElseThrow();
            assertThat(route.data()).containsEntry("decided_by", "llm").containsEntry("llm_ms", 412.5)
                    .containsEntry("llm_input_tokens", 120).containsEntry("llm_output_tokens", 9)
                    .containsEntry("reason", "coder leads general by 0.004, under its margin 0.010");
            assertThat(events).filteredOn(e -> e.type() == RunEvent.Type.USAGE && "router".equals(e.data().get("agent")))
                    .singleElement().satisfies(e -> assertThat(e.data()).containsEntry("model", "llama3.2").containsEntry("input_tokens", 120));
            assertThat(result.inputTokens()).isEqualTo(10 + 120); // the agent's and the classifier's
            assertThat(result.outputTokens()).isEqualTo("print(1)".length() + 9);
            assertThat(result.agent()).isEqualTo("coder");
        }
    }

    /** "code" → coder, "paper" → researcher, anything else → general, always decided (no abstaining). */
    private static final dev.maestro.agents.routing.IntentRouter DECISIVE = request -> {
        String lower = request.toLowerCase(java.util.Locale.ROOT);
        String route = lower.contains("code") ? "coder" : lower.contains("paper") ? "researcher" : "general";
        return new RouteDecision(java.util.Optional.of(route), 0.9, false, List.of(), dev.maestro.agents.routing.Complexity.SIMPLE,
                RouteDecision.DecidedBy.EMBEDDING);
    };

    @Test
    void should_keep_a_follow_up_the_default_agent_wins_with_the_clause_it_follows() {
        // given
        FakeAgent general = FakeAgent.saying("general", "hi");
        FakeAgent coder = FakeAgent.saying("coder", "fixed");
        FakeAgent researcher = FakeAgent.saying("researcher", "see [1]");
        try (MaestroGraph graph = MaestroGraph.builder().agents(general, coder, researcher).router(DECISIVE).build()) {
            // when
            RunResult one = graph.run("f1", "My code throws an error on line 3. How do I fix that?", RunListener.NONE);
            RunResult two = graph.run("f2", "Write code for a parser. Then find a paper about parsers. Also, thanks!", RunListener.NONE);

            // then: the follow-up is not split off to general; a real second intent still fans out, the thanks riding along
            assertThat(one.agents()).containsExactly("coder");
            assertThat(coder.requests.getFirst().question()).isEqualTo("My code throws an error on line 3. How do I fix that?");
            assertThat(general.requests).isEmpty();
            assertThat(two.agents()).containsExactly("coder", "researcher");
            assertThat(researcher.requests.getFirst().question()).isEqualTo("Then find a paper about parsers. Also, thanks!");
        }
    }
}
