package dev.maestro;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class StoredEmbeddingsIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    /** Embeds a text as (length, first char) and records what it was asked to embed. */
    static final class CountingModel implements EmbeddingModel {
        final List<String> embedded = new ArrayList<>();

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            List<Embedding> out = new ArrayList<>();
            for (TextSegment s : segments) {
                embedded.add(s.text());
                out.add(Embedding.from(new float[]{s.text().length(), s.text().charAt(0)}));
            }
            return Response.from(out);
        }
    }

    static List<TextSegment> texts(String... texts) {
        return java.util.Arrays.stream(texts).map(TextSegment::from).toList();
    }

    @Test
    void should_embed_each_example_once_per_model_and_serve_it_from_the_database_afterwards() {
        // given: a first start that embeds three examples
        CountingModel first = new CountingModel();
        List<Embedding> before = new StoredEmbeddings(db.dataSource(), "test:model", first).embedAll(texts("alpha", "bravo!", "c")).content();

        // when: a later start asks for them again, plus one new example
        CountingModel second = new CountingModel();
        List<Embedding> after = new StoredEmbeddings(db.dataSource(), "test:model", second).embedAll(texts("c", "alpha", "delta-4", "bravo!")).content();
        // and: another model asks for one of them
        CountingModel other = new CountingModel();
        new StoredEmbeddings(db.dataSource(), "test:other", other).embedAll(texts("alpha"));

        // then
        assertThat(first.embedded).containsExactly("alpha", "bravo!", "c");
        assertThat(second.embedded).containsExactly("delta-4");
        assertThat(other.embedded).containsExactly("alpha");
        assertThat(after).extracting(Embedding::vector)
                .containsExactly(before.get(2).vector(), before.get(0).vector(), new float[]{7, 'd'}, before.get(1).vector());
    }

    @Test
    void should_pass_single_texts_through_without_storing_them() {
        CountingModel model = new CountingModel();
        StoredEmbeddings stored = new StoredEmbeddings(db.dataSource(), "test:single", model);

        stored.embed("a request");
        stored.embed("a request");

        assertThat(model.embedded).containsExactly("a request", "a request");
    }

    @Test
    void should_still_embed_when_the_database_is_unreachable() {
        CountingModel model = new CountingModel();
        List<Embedding> vectors = new StoredEmbeddings(new Unreachable(), "test:down", model).embedAll(texts("x", "yy")).content();

        assertThat(vectors).extracting(Embedding::vector).containsExactly(new float[]{1, 'x'}, new float[]{2, 'y'});
        assertThat(model.embedded).containsExactly("x", "yy");
    }

    /** A pool whose every connection attempt fails, as when PostgreSQL is down. */
    static final class Unreachable implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("Connection refused");
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
