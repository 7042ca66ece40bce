package dev.maestro.providers;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentEmbeddingsTest {

    @Test
    void should_embed_a_recent_single_text_once_and_pass_batches_through() {
        // given
        QueryAwareEmbeddingModelTest.Recording base = new QueryAwareEmbeddingModelTest.Recording();
        RecentEmbeddings model = new RecentEmbeddings(base, 2);

        // when
        Embedding first = model.embed("what is pgvector?").content();
        Embedding again = model.embed("what is pgvector?").content();
        model.embedAll(List.of(TextSegment.from("what is pgvector?"), TextSegment.from("b")));

        // then
        assertThat(again.vector()).containsExactly(first.vector());
        assertThat(base.texts).containsExactly("what is pgvector?", "what is pgvector?", "b");
    }

    @Test
    void should_forget_the_least_recently_used_text_beyond_its_size() {
        QueryAwareEmbeddingModelTest.Recording base = new QueryAwareEmbeddingModelTest.Recording();
        RecentEmbeddings model = new RecentEmbeddings(base, 2);

        model.embed("a");
        model.embed("b");
        model.embed("a"); // a is now the most recent
        model.embed("c"); // evicts b
        model.embed("a");
        model.embed("b");

        assertThat(base.texts).containsExactly("a", "b", "c", "b");
    }

    @Test
    void should_not_remember_a_failure() {
        AtomicBoolean fail = new AtomicBoolean(true);
        QueryAwareEmbeddingModelTest.Recording ok = new QueryAwareEmbeddingModelTest.Recording();
        EmbeddingModel flaky = new EmbeddingModel() {
            @Override
            public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
                if (fail.getAndSet(false)) {
                    throw new IllegalStateException("provider down");
                }
                return ok.embedAll(segments);
            }
        };
        RecentEmbeddings model = new RecentEmbeddings(flaky, 8);

        assertThatThrownBy(() -> model.embed("q")).hasMessage("provider down");
        assertThat(model.embed("q").content().vector()).containsExactly(1f);
        assertThat(ok.texts).containsExactly("q");
    }

    @Test
    void should_let_a_second_caller_wait_for_an_embedding_in_flight() throws Exception {
        // given: the first call blocks inside the model
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        QueryAwareEmbeddingModelTest.Recording base = new QueryAwareEmbeddingModelTest.Recording();
        EmbeddingModel slow = new EmbeddingModel() {
            @Override
            public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return base.embedAll(segments);
            }
        };
        RecentEmbeddings model = new RecentEmbeddings(slow, 8);
        CompletableFuture<Embedding> prefetch = CompletableFuture.supplyAsync(() -> model.embed("question").content());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        CompletableFuture<Embedding> recall = CompletableFuture.supplyAsync(() -> model.embed("question").content());
        release.countDown();

        // then
        assertThat(recall.get(10, TimeUnit.SECONDS).vector()).containsExactly(prefetch.get(10, TimeUnit.SECONDS).vector());
        assertThat(base.texts).containsExactly("question");
    }
}
