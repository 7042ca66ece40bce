package dev.maestro.cli;

import dev.langchain4j.model.scoring.onnx.OnnxScoringModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LangChain4j's ONNX scoring module is built against a newer ONNX runtime than the embeddings Maestro ships with, which
 * it runs on: it must load a BERT-family ONNX model and its tokenizer with them. (No cross-encoder model is available
 * offline, so this loads the bundled bge-small encoder, which has the same inputs.)
 */
class OnnxCrossEncoderLoadingTest {

    @TempDir
    Path tmp;

    @Test
    void should_load_an_onnx_bert_model_with_the_shipped_runtime_and_tokenizer() throws IOException {
        Path model = copy("bge-small-en-v1.5-q.onnx");
        Path tokenizer = copy("bge-small-en-v1.5-q-tokenizer.json");

        OnnxScoringModel scoring = new OnnxScoringModel(model.toString(), tokenizer.toString());

        assertThat(scoring).isNotNull();
    }

    private Path copy(String resource) throws IOException {
        Path target = tmp.resolve(resource);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the classpath").isNotNull();
            Files.copy(in, target);
        }
        return target;
    }
}
