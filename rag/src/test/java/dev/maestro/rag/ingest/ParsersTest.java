package dev.maestro.rag.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParsersTest {

    @Test
    void should_split_markdown_by_headings_and_ignore_hashes_in_code() {
        // given
        String md = "# Guide\nintro\n\n## Install\nrun it\n```\n# not a heading\n```\n### Linux\napt\n";

        // when
        SourceDocument doc = Parsers.markdown("/d/g.md", "g.md", md);

        // then
        assertThat(doc.title()).isEqualTo("Guide");
        assertThat(doc.sections()).extracting(SourceDocument.Section::heading)
                .containsExactly("Guide", "Guide > Install", "Guide > Install > Linux");
        assertThat(doc.sections().get(1).text()).contains("# not a heading");
    }

    @Test
    void should_read_html_sections_without_scripts() {
        // given
        String html = "<html><head><title>Page</title><script>var x=1;</script></head><body>"
                + "<h1>Top</h1><p>first <b>para</b></p><ul><li>item</li></ul><h2>Sub</h2><p>second</p></body></html>";

        // when
        SourceDocument doc = Parsers.html("/d/p.html", "p.html", html);

        // then
        assertThat(doc.title()).isEqualTo("Page");
        assertThat(doc.sections()).extracting(SourceDocument.Section::heading).containsExactly("Top", "Top > Sub");
        assertThat(doc.sections().getFirst().text()).contains("first para").contains("item").doesNotContain("var x");
    }

    @Test
    void should_read_beir_corpus_records_as_documents() {
        // given
        String jsonl = """
                {"_id": "4983", "title": "Microstructural development", "text": "Alterations of the architecture.", "metadata": {}}
                {"_id": "5836", "title": "Induction of myelodysplasia", "text": "Myelodysplastic syndromes.", "metadata": {"year": 2001}}
                """;

        // when
        List<SourceDocument> docs = Parsers.jsonl("/d/corpus.jsonl", jsonl);

        // then
        assertThat(docs).hasSize(2);
        assertThat(docs.getFirst().source()).isEqualTo("/d/corpus.jsonl#4983");
        assertThat(docs.getFirst().title()).isEqualTo("Microstructural development");
        assertThat(docs.get(1).metadata()).containsEntry("id", "5836").containsEntry("year", 2001L);
    }

    @Test
    void should_reject_binary_content_and_malformed_json() {
        byte[] binary = {'a', 0, 'b'};
        assertThatThrownBy(() -> Parsers.parse(Path.of("/d/x.txt"), binary)).isInstanceOf(BadFileException.class)
                .hasMessageContaining("binary");
        byte[] json = "{\"text\": ".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Parsers.parse(Path.of("/d/x.json"), json)).isInstanceOf(BadFileException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void should_read_a_json_object_with_a_text_field() {
        // when
        List<SourceDocument> docs = Parsers.json("/d/a.json", "a.json", "{\"title\": \"T\", \"content\": \"body\"}");

        // then
        assertThat(docs).singleElement().satisfies(d -> {
            assertThat(d.title()).isEqualTo("T");
            assertThat(d.sections().getFirst().text()).isEqualTo("body");
        });
    }
}
