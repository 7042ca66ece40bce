package dev.maestro.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.stream.Collectors;

/** Request bodies in (strict: unknown fields are errors) and JSON out, with errors that say what is wrong. */
final class Json {

    /** Strict: every request record of the {@code /api} routes. */
    static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Responses: snake_case field names. */
    static final ObjectMapper OUT = new ObjectMapper().setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
    /** Lenient about unknown fields: OpenAI clients send many options Maestro does not use. */
    static final ObjectMapper LENIENT = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    static ObjectNode object() {
        return STRICT.createObjectNode();
    }

    /** Reads the body (at most {@code limit} bytes, else 413) as {@code type}; 400 naming the problem otherwise. */
    static <T> T read(Context ctx, Class<T> type, int limit, ObjectMapper mapper) {
        byte[] body = body(ctx, limit);
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw ApiException.badRequest("The request body is empty: send a JSON object with the fields " + fields(mapper, type) + ".");
        }
        String contentType = ctx.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "Content-Type must be application/json, was " + contentType + ".");
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw ApiException.badRequest("The request body is null: send a JSON object with the fields " + fields(mapper, type) + ".");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("Unknown field '" + e.getPropertyName() + "'; allowed fields: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ".");
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw ApiException.badRequest(field.isEmpty()
                    ? "The request body must be a JSON object with the fields " + fields(mapper, type) + "."
                    : "Field '" + field + "' has the wrong type: expected " + simpleType(e.getTargetType()) + ".");
        } catch (StreamReadException e) {
            throw ApiException.badRequest("Malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            throw ApiException.badRequest("Invalid request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the request body of " + ctx.path(), e);
        }
    }

    /** The raw body, at most {@code limit} bytes: 413 when the declared or actual length is larger. */
    static byte[] body(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(declared, limit);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), limit));
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > limit) {
                    throw tooLarge(total, limit);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read: " + e.getMessage());
        }
    }

    static ApiException tooLarge(long size, long limit) {
        return new ApiException(413, "body_too_large", "The request body is " + (size > limit ? "larger than " : "")
                + limit + " bytes, the limit (server.max-body-bytes or server.max-upload-bytes); send less.");
    }

    static String write(Object value) {
        try {
            return STRICT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static String writeOut(Object value) {
        try {
            return OUT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String fields(ObjectMapper mapper, Class<?> type) {
        if (!type.isRecord()) {
            return "documented for this endpoint";
        }
        return java.util.Arrays.stream(type.getRecordComponents()).map(c -> c.getName())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
