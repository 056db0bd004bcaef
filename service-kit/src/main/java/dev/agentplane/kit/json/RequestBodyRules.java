package dev.agentplane.kit.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The Jackson rules for request bodies: every string and member name a client sends obeys {@link TextRules},
 * wherever it sits (a record's field, a list, a map, a free-form {@code JsonNode} document). Untyped
 * {@code Map<String, Object>} member names are not seen here; PostgreSQL's refusal of those is mapped to 400.
 */
public final class RequestBodyRules {
    private RequestBodyRules() {
    }

    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("agentplane-request-body-rules");
        module.addDeserializer(String.class, new CheckedString());
        module.addKeyDeserializer(String.class, new CheckedKey());
        module.addDeserializer(JsonNode.class, new CheckedTree<>(JsonNode.class));
        module.addDeserializer(ObjectNode.class, new CheckedTree<>(ObjectNode.class));
        module.addDeserializer(ArrayNode.class, new CheckedTree<>(ArrayNode.class));
        return module;
    }

    static final class CheckedString extends StdScalarDeserializer<String> {
        CheckedString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            String problem = TextRules.problem(value);
            if (problem != null) {
                throw new UnacceptableTextException(p, problem);
            }
            return value;
        }

        @Override
        public Object getEmptyValue(DeserializationContext ctxt) {
            return "";
        }
    }

    static final class CheckedKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            String problem = TextRules.problem(key);
            if (problem != null) {
                throw new UnacceptableTextException(ctxt.getParser(), "member name " + problem);
            }
            return key;
        }
    }

    static final class CheckedTree<T extends JsonNode> extends JsonDeserializer<T> {
        private final Class<T> type;

        CheckedTree(Class<T> type) {
            this.type = type;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = (JsonNode) JsonNodeDeserializer.getDeserializer(type).deserialize(p, ctxt);
            check(node, p);
            return (T) node;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return (T) JsonNodeDeserializer.getDeserializer(type).getNullValue(ctxt);
        }

        @Override
        public Class<?> handledType() {
            return type;
        }

        private static void check(JsonNode node, JsonParser p) throws UnacceptableTextException {
            if (node.isTextual()) {
                String problem = TextRules.problem(node.textValue());
                if (problem != null) {
                    throw new UnacceptableTextException(p, problem);
                }
            } else if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> member = it.next();
                    String problem = TextRules.problem(member.getKey());
                    if (problem != null) {
                        throw new UnacceptableTextException(p, "member name " + problem);
                    }
                    try {
                        check(member.getValue(), p);
                    } catch (UnacceptableTextException e) {
                        e.prependPath(node, member.getKey());
                        throw e;
                    }
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    try {
                        check(node.get(i), p);
                    } catch (UnacceptableTextException e) {
                        e.prependPath(node, i);
                        throw e;
                    }
                }
            }
        }
    }
}
