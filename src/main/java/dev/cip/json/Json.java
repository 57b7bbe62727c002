package dev.cip.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The one JSON mapper of cip, configured here and nowhere else: cip's own files (plan, report, bake definition,
 * stage.json, the summary cache) bind to records; registry documents are read as trees only where their unknown
 * fields must survive (descriptors copied into an index) or where hostile input is checked field by field.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }

    /** The shared mapper (thread-safe); never reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as indented JSON, for files people read. */
    public static String pretty(Object value) throws JsonProcessingException {
        return PRETTY.writeValueAsString(value);
    }
}
