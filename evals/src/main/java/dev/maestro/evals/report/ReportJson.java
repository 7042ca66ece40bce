package dev.maestro.evals.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;

/**
 * The mapper every eval suite writes {@code results.json} with: a metric that is not applicable (NaN or infinite)
 * is written as {@code null}, whether it comes from a map, a record or a {@code DoubleNode}. Jackson alone writes
 * {@code "NaN"}, a string where readers expect a number.
 *
 * @since 0.1
 */
public final class ReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .addDecorator((factory, generator) -> new NonFiniteAsNull(generator)).build())
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    /** Shared and thread-safe; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static final class NonFiniteAsNull extends JsonGeneratorDelegate {

        NonFiniteAsNull(JsonGenerator delegate) {
            super(delegate, true);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) {
                super.writeNumber(v);
            } else {
                writeNull();
            }
        }

        @Override
        public void writeNumber(float v) throws IOException {
            if (Float.isFinite(v)) {
                super.writeNumber(v);
            } else {
                writeNull();
            }
        }
    }
}
