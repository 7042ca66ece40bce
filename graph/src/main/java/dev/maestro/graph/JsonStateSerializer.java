package dev.maestro.graph;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bsc.langgraph4j.serializer.StateSerializer;

import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ChatState}'s serializer. LangGraph4j clones the state at every step; its default does that through Java
 * object streams, which was about a tenth of the server's CPU under load. The state is JSON-native by contract, so a
 * clone is a plain copy of its maps and lists (strings, numbers and booleans are immutable and shared), and the
 * byte form is JSON.
 */
final class JsonStateSerializer extends StateSerializer<ChatState> {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper json = new ObjectMapper();

    JsonStateSerializer() {
        super(ChatState::new);
    }

    @Override
    public ChatState cloneObject(ChatState state) throws IOException, ClassNotFoundException {
        Map<String, Object> data = state.data();
        for (Object value : data.values()) {
            if (!jsonNative(value)) {
                return super.cloneObject(state); // not expected; the byte round trip handles (or rejects) it
            }
        }
        return new ChatState(copyMap(data));
    }

    @Override
    public void writeData(Map<String, Object> data, ObjectOutput out) throws IOException {
        byte[] bytes = json.writeValueAsBytes(data);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public Map<String, Object> readData(ObjectInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return json.readValue(bytes, MAP);
    }

    private static boolean jsonNative(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String) || !jsonNative(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!jsonNative(item)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copyMap(map);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(copy(item)));
            return out;
        }
        return value;
    }

    private static Map<String, Object> copyMap(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        map.forEach((k, v) -> out.put((String) k, copy(v)));
        return out;
    }
}
