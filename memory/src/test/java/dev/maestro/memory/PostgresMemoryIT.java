package dev.maestro.memory;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.data.embedding.Embedding;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresMemoryIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    private final TestClock clock = new TestClock(Instant.parse("2024-03-01T09:00:00Z"));

    private PostgresMemory memory() {
        return PostgresMemory.builder()
                .dataSource(db.dataSource())
                .embeddingModel(Embeddings.bge())
                .queryPrefix(PostgresMemory.BGE_QUERY_PREFIX)
                .windowTokens(60)
                .clock(clock)
                .build();
    }

    @Test
    void should_store_every_turn_as_an_episode_off_the_request_path() {
        // given
        PostgresMemory memory = memory();
        Scope ana = Scope.of("acme", "ana-" + UUID.randomUUID());
        UUID conversation = UUID.randomUUID();

        // when
        memory.append(ana, conversation, UserMessage.from("Ana", "I adopted a grey cat called Miso last week."));
        memory.append(ana, conversation, AiMessage.from("Lovely! How is Miso settling in?"));
        List<RecallHit> before = memory.recall(ana, "What is the name of Ana's cat?", 5);
        int processed = memory.worker("w").runPending();
        List<RecallHit> after = memory.recall(ana, "What is the name of Ana's cat?", 5);

        // then
        assertThat(before).isEmpty();
        assertThat(processed).isEqualTo(2);
        assertThat(after).hasSize(2);
        MemoryItem top = after.getFirst().item();
        assertThat(top.kind()).isEqualTo(MemoryKind.EPISODE);
        assertThat(top.content()).isEqualTo("[1 March 2024] Ana: I adopted a grey cat called Miso last week.");
        assertThat(top.metadata()).containsEntry("name", "Ana").containsEntry("role", "user");
        assertThat(top.sourceMessageIds()).hasSize(1);
    }

    @Test
    void should_evict_the_oldest_messages_from_the_window_under_its_token_budget() {
        // given
        PostgresMemory memory = memory();
        Scope scope = Scope.of("acme", "u-" + UUID.randomUUID());
        UUID conversation = UUID.randomUUID();

        // when: each message costs 4 + 10 tokens; 60 tokens hold four of them
        for (int i = 1; i <= 6; i++) {
            memory.append(scope, conversation, UserMessage.from("message number " + i + " with some more words here ok"));
        }
        List<StoredMessage> window = memory.window(scope, conversation);

        // then
        assertThat(window).extracting(StoredMessage::content).containsExactly(
                "message number 3 with some more words here ok", "message number 4 with some more words here ok",
                "message number 5 with some more words here ok", "message number 6 with some more words here ok");
        assertThat(window.stream().mapToInt(StoredMessage::tokenCount).sum()).isLessThanOrEqualTo(60);
        assertThat(memory.messages(scope, conversation)).hasSize(6);
    }

    @Test
    void should_cut_the_window_of_a_long_conversation_from_its_newest_turns() {
        // given: 150 turns stored a question and an answer at a time
        PostgresMemory memory = memory();
        Scope scope = Scope.of("acme", "u-" + UUID.randomUUID());
        UUID conversation = UUID.randomUUID();
        for (int i = 1; i <= 150; i++) {
            // every other turn as a graph stores it: not waiting for the disk, since its checkpoint commit follows
            List<Long> ids = memory.appendAll(scope, conversation, List.of(UserMessage.from("question " + i + " about the garden"),
                    AiMessage.from("answer " + i + " with a few more words")), i % 2 == 0);
            assertThat(ids).hasSize(2);
            assertThat(ids.get(1)).isGreaterThan(ids.get(0));
        }
        List<StoredMessage> all = memory.messages(scope, conversation);

        // when: nothing is recalled yet (no worker ran), so the window may use the whole budget
        MemoryContext context = memory.context(scope, conversation, "what about the garden?", 200);

        // then: the newest messages, as many as fit, and the next older one would not have
        List<StoredMessage> window = context.window();
        assertThat(all).hasSize(300);
        assertThat(all.subList(0, 2)).extracting(StoredMessage::role, StoredMessage::content).containsExactly(
                org.assertj.core.groups.Tuple.tuple("user", "question 1 about the garden"),
                org.assertj.core.groups.Tuple.tuple("assistant", "answer 1 with a few more words"));
        assertThat(window).isNotEmpty().isEqualTo(all.subList(all.size() - window.size(), all.size()));
        // plain questions and answers need no stored JSON to be read back exactly
        assertThat(all).extracting(StoredMessage::payload).containsOnlyNulls();
        assertThat(all.get(1).toChatMessage()).isEqualTo(AiMessage.from("answer 1 with a few more words"));
        assertThat(context.totalTokens()).isLessThanOrEqualTo(200);
        StoredMessage older = all.get(all.size() - window.size() - 1);
        assertThat(context.windowTokens() + new SimpleTokenCountEstimator().estimateTokenCountInMessage(older.toChatMessage()))
                .isGreaterThan(200);
    }

    @Test
    void should_hold_at_most_the_newest_window_max_messages_however_small_they_are() {
        // given: more one-word messages than the window may hold, and a budget they would all fit in
        PostgresMemory memory = memory();
        Scope scope = Scope.of("acme", "u-" + UUID.randomUUID());
        UUID conversation = UUID.randomUUID();
        List<UserMessage> words = java.util.stream.IntStream.rangeClosed(1, PostgresMemory.WINDOW_MAX_MESSAGES + 50)
                .mapToObj(i -> UserMessage.from("w" + i)).toList();
        memory.appendAll(scope, conversation, words);
        List<StoredMessage> all = memory.messages(scope, conversation);

        // when
        MemoryContext context = memory.context(scope, conversation, "w1", 100_000);

        // then
        assertThat(context.window()).hasSize(PostgresMemory.WINDOW_MAX_MESSAGES)
                .isEqualTo(all.subList(all.size() - PostgresMemory.WINDOW_MAX_MESSAGES, all.size()));
    }

    @Test
    void should_never_recall_one_users_memory_for_another() {
        // given
        PostgresMemory memory = memory();
        Scope ana = Scope.of("acme", "ana-" + UUID.randomUUID());
        Scope bob = Scope.of("acme", "bob-" + UUID.randomUUID());
        Scope otherTenant = Scope.of("globex", ana.userId());
        UUID anasConversation = UUID.randomUUID();
        memory.append(ana, anasConversation, UserMessage.from("My bank PIN hint is the name of my first dog, Rex."));
        memory.append(bob, UUID.randomUUID(), UserMessage.from("I like hiking in the Alps."));
        memory.worker("w").runPending();

        // when
        List<RecallHit> bobs = memory.recall(bob, "What is the PIN hint, the first dog's name?", 10);
        List<RecallHit> otherTenants = memory.recall(otherTenant, "What is the PIN hint, the first dog's name?", 10);

        // then
        assertThat(bobs).extracting(h -> h.item().scope()).containsOnly(bob);
        assertThat(bobs).extracting(h -> h.item().content()).noneMatch(c -> c.contains("Rex"));
        assertThat(otherTenants).isEmpty();
        assertThatThrownBy(() -> memory.append(bob, anasConversation, UserMessage.from("hi")))
                .isInstanceOf(MemoryException.class).hasMessageContaining("belongs to another user");
        assertThatThrownBy(() -> memory.appendAll(bob, anasConversation, List.of(UserMessage.from("hi"), AiMessage.from("hello"))))
                .isInstanceOf(MemoryException.class).hasMessageContaining("belongs to another user");
        assertThat(memory.messages(ana, anasConversation)).as("a refused turn writes nothing").hasSize(1);
        assertThatThrownBy(() -> memory.messages(bob, anasConversation)).isInstanceOf(MemoryException.class);
        assertThatThrownBy(() -> memory.chatMemoryStore(bob).getMessages(anasConversation)).isInstanceOf(MemoryException.class);
        assertThat(memory.context(bob, UUID.randomUUID(), "dog", 500).recalled())
                .extracting(h -> h.item().scope()).containsOnly(bob);
    }

    @Test
    void should_ignore_a_query_word_found_in_most_memories_when_ranking_keywords() {
        // given: every episode carries the speaker's name, one of twelve mentions the cat
        PostgresMemory memory = memory();
        Scope ana = Scope.of("acme", "ana-" + UUID.randomUUID());
        Scope small = Scope.of("acme", "ana-" + UUID.randomUUID());
        UUID conversation = UUID.randomUUID();
        for (int i = 1; i <= 11; i++) {
            memory.append(ana, conversation, UserMessage.from("Ana", "Day " + i + " of the garden project went fine."));
        }
        memory.append(ana, conversation, UserMessage.from("Ana", "Miso the cat slept on the sofa."));
        UUID smallConversation = UUID.randomUUID();
        memory.append(small, smallConversation, UserMessage.from("Ana", "Day 1 of the garden project went fine."));
        memory.append(small, smallConversation, UserMessage.from("Ana", "Miso the cat slept on the sofa."));
        memory.worker("w").runPending();
        float[] query = memory.embedPassage("Ana Miso");
        List<String> words = List.of("ana", "miso");
        List<MemoryKind> kinds = List.of(MemoryKind.EPISODE);

        // when
        List<ItemDao.Candidate> many = memory.jdbc.read("keywords", c -> ItemDao.keyword(c, ana, query, words, kinds, false,
                RecallOptions.KEYWORD_MAX_SHARE, RecallOptions.KEYWORD_MIN_COUNT, 40));
        List<ItemDao.Candidate> few = memory.jdbc.read("keywords", c -> ItemDao.keyword(c, small, query, words, kinds, false,
                RecallOptions.KEYWORD_MAX_SHARE, RecallOptions.KEYWORD_MIN_COUNT, 40));
        List<ItemDao.Candidate> onlyCommon = memory.jdbc.read("keywords", c -> ItemDao.keyword(c, ana, query, List.of("ana"), kinds,
                false, RecallOptions.KEYWORD_MAX_SHARE, RecallOptions.KEYWORD_MIN_COUNT, 40));

        // then: "ana" is in all twelve, so only "miso" ranks; a small memory keeps every word
        assertThat(many).extracting(c -> c.item().content()).containsExactly("[1 March 2024] Ana: Miso the cat slept on the sofa.");
        assertThat(many.getFirst().keywordScore()).isPositive();
        assertThat(few).hasSize(2);
        assertThat(few.getFirst().item().content()).contains("Miso");
        assertThat(onlyCommon).isEmpty();
        // recall asks both sides in one statement: the same candidates, in the same order, as the two queries apart
        ItemDao.Candidates both = memory.jdbc.read("both", c -> ItemDao.candidates(c, ana, query, words, kinds, false,
                RecallOptions.KEYWORD_MAX_SHARE, RecallOptions.KEYWORD_MIN_COUNT, 40));
        List<ItemDao.Candidate> nearest = memory.jdbc.read("nearest", c -> ItemDao.nearest(c, ana, query, kinds, false, 40));
        assertThat(both.keyword()).extracting(c -> c.item().id()).containsExactlyElementsOf(many.stream().map(c -> c.item().id()).toList());
        assertThat(both.vector()).hasSize(12).extracting(c -> c.item().id())
                .containsExactlyElementsOf(nearest.stream().map(c -> c.item().id()).toList());
        assertThat(both.vector()).extracting(ItemDao.Candidate::keywordScore).containsOnly(0.0);
    }

    @Test
    void should_apply_the_search_options_to_the_query_sent_with_them_and_no_further() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(c.getAutoCommit()).isTrue();
            try (Statement load = c.createStatement()) {
                load.execute("select '[1]'::vector"); // pgvector's settings exist once its library is loaded
            }
            try (var st = c.prepareStatement(ItemDao.SEARCH_OPTIONS
                    + "select current_setting('hnsw.ef_search'), current_setting('hnsw.iterative_scan')")) {
                ItemDao.bindSearchOptions(st, 150);
                try (ResultSet rs = ItemDao.afterSearchOptions(st)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("300");
                    assertThat(rs.getString(2)).isEqualTo("relaxed_order");
                }
            }
            try (Statement after = c.createStatement();
                 ResultSet rs = after.executeQuery("select current_setting('hnsw.ef_search'), current_setting('hnsw.iterative_scan')")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("40");
                assertThat(rs.getString(2)).isEqualTo("off");
            }
        }
    }

    @Test
    void should_never_exceed_the_context_budget_and_report_each_part() {
        // given
        PostgresMemory memory = memory();
        Scope scope = Scope.of("acme", "u-" + UUID.randomUUID());
        UUID conversation = UUID.randomUUID();
        for (int i = 1; i <= 40; i++) {
            clock.advance(Duration.ofMinutes(1));
            memory.append(scope, conversation, UserMessage.from("Turn " + i + ": we talked about topic " + (i % 7)
                    + " and the plan for week " + i + " of the garden project."));
        }
        memory.worker("w").runPending();

        for (int budget : new int[] {0, 10, 50, 120, 300, 800, 2_000}) {
            // when
            MemoryContext context = memory.context(scope, conversation, "What was the plan for the garden in week 3?", budget);

            // then
            assertThat(context.totalTokens()).as("budget %d", budget).isLessThanOrEqualTo(budget);
            assertThat(context.totalTokens()).isEqualTo(context.recalledTokens() + context.summaryTokens() + context.windowTokens());
        }
        MemoryContext wide = memory.context(scope, conversation, "What was the plan for the garden in week 3?", 800);
        assertThat(wide.window()).isNotEmpty();
        assertThat(wide.recalled()).isNotEmpty();
        // an episode already in the window is not recalled again
        List<Long> windowIds = wide.window().stream().map(StoredMessage::id).toList();
        assertThat(wide.recalled()).allSatisfy(h -> assertThat(h.item().sourceMessageIds()).doesNotContainAnyElementsOf(windowIds));
    }

    @Test
    void should_forget_one_item_and_everything_of_a_user_for_real() throws SQLException {
        // given
        PostgresMemory memory = memory();
        Scope ana = Scope.of("acme", "ana-" + UUID.randomUUID());
        Scope bob = Scope.of("acme", "bob-" + UUID.randomUUID());
        UUID conversation = UUID.randomUUID();
        memory.append(ana, conversation, UserMessage.from("I live at 12 Elm Street."));
        memory.append(ana, conversation, UserMessage.from("My sister is called Zoe."));
        memory.append(bob, UUID.randomUUID(), UserMessage.from("Bob here."));
        memory.worker("w").runPending();
        MemoryAdmin admin = memory.admin();
        long address = admin.items(ana).stream().filter(i -> i.content().contains("Elm")).findFirst().orElseThrow().id();

        // when
        boolean bobCannotForgetIt = admin.forgetItem(bob, address);
        boolean forgotten = admin.forgetItem(ana, address);

        // then
        assertThat(bobCannotForgetIt).isFalse();
        assertThat(forgotten).isTrue();
        assertThat(count("select count(*) from memory_items where id = " + address)).isZero();
        assertThat(admin.items(ana)).extracting(MemoryItem::content).noneMatch(c -> c.contains("Elm"));

        // when
        MemoryAdmin.ForgetReport report = admin.forgetUser(ana);

        // then
        assertThat(report).isEqualTo(new MemoryAdmin.ForgetReport(1, 2, 1));
        assertThat(count("select count(*) from memory_items where user_id = '" + ana.userId() + "'")).isZero();
        assertThat(count("select count(*) from conversations where user_id = '" + ana.userId() + "'")).isZero();
        assertThat(count("select count(*) from messages where conversation_id = '" + conversation + "'")).isZero();
        assertThat(admin.items(bob)).hasSize(1);
    }

    @Test
    void should_export_a_users_memory_as_json() {
        // given
        PostgresMemory memory = memory();
        Scope ana = Scope.of("acme", "ana-" + UUID.randomUUID());
        UUID conversation = UUID.randomUUID();
        memory.append(ana, conversation, UserMessage.from("Ana", "I play the cello."), clock.instant(), Map.of("turn", "D1:1"));
        memory.worker("w").runPending();

        // when
        String json = memory.admin().exportJson(ana);

        // then
        assertThat(json).contains("\"user\" : \"" + ana.userId() + "\"", "I play the cello.", "\"kind\" : \"episode\"",
                "\"turn\" : \"D1:1\"", conversation.toString());
        assertThat(memory.admin().show(conversation)).hasValueSatisfying(v -> {
            assertThat(v.scope()).isEqualTo(ana);
            assertThat(v.messages()).hasSize(1);
            assertThat(v.items()).hasSize(1);
            assertThat(v.openJobs()).isZero();
        });
    }

    @Test
    void should_refuse_an_embedding_model_whose_dimension_differs_from_the_schema() {
        // given
        EmbeddingModel eight = new EmbeddingModel() {
            @Override
            public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
                return Response.from(segments.stream().map(s -> Embedding.from(new float[8])).toList());
            }
        };

        // when / then
        assertThatThrownBy(() -> PostgresMemory.builder().dataSource(db.dataSource()).embeddingModel(eight).build())
                .isInstanceOf(MemoryException.class)
                .hasMessageContaining("vector(384)")
                .hasMessageContaining("produces 8 dimensions");
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
