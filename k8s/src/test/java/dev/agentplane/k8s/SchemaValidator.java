package dev.agentplane.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Strict validation of one rendered object, as an API server with {@code --validate=strict} would do it:
 * Kubernetes kinds are read into fabric8's typed model (a wrong type fails; a field the model does not know lands
 * in an additionalProperties map, which counts as an error), custom resources are checked against their CRD's
 * OpenAPI v3 schema (types, enums, required fields, and unknown fields unless the schema preserves them).
 */
final class SchemaValidator {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final Map<String, Class<?>> TYPED = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class), Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/Secret", Secret.class), Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class), Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class));

    /** apiVersion/kind -> the version's openAPIV3Schema, from every CRD in the directory. */
    private final Map<String, JsonNode> crds = new HashMap<>();

    SchemaValidator(Path crdDirectory) {
        try (Stream<Path> files = Files.list(crdDirectory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode crd : readAll(Files.readString(file))) {
                    String group = crd.path("spec").path("group").asText();
                    String kind = crd.path("spec").path("names").path("kind").asText();
                    for (JsonNode version : crd.path("spec").path("versions")) {
                        if (version.path("served").asBoolean()) {
                            crds.put(group + "/" + version.path("name").asText() + "/" + kind,
                                    version.path("schema").path("openAPIV3Schema"));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> readAll(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.createParser(yaml)) {
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    /** Every problem with this object, each starting with its kind/name and the field's path. */
    List<String> validate(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        List<String> problems = new ArrayList<>();
        Class<?> typed = TYPED.get(type);
        if (typed != null) {
            try {
                Object model = STRICT.treeToValue(object, typed);
                unknownFields(model, "", problems);
            } catch (JsonMappingException e) {
                problems.add(e.getPathReference() + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
            } catch (IOException e) {
                problems.add(e.getMessage().lines().findFirst().orElse(e.toString()));
            }
        } else if (crds.containsKey(type)) {
            // a CRD's schema leaves metadata to the API server, which reads it as ObjectMeta
            try {
                unknownFields(STRICT.treeToValue(object.path("metadata"), ObjectMeta.class), ".metadata", problems);
            } catch (IOException e) {
                problems.add(".metadata: " + e.getMessage().lines().findFirst().orElse(e.toString()));
            }
            checkSchema(object, crds.get(type), "", problems);
        } else {
            problems.add("no schema for " + type + " (add its model to SchemaValidator or its CRD to k8s/schemas/)");
        }
        return problems.stream().map(p -> id(object) + ": " + p).toList();
    }

    // fabric8 keeps what it does not know in getAdditionalProperties(): anything there is a misspelt or invented field
    private static void unknownFields(Object model, String path, List<String> problems) {
        if (model == null) {
            return;
        }
        if (model instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (model instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
            return;
        }
        if (!model.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : model.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(model);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add("unknown field " + (path.isEmpty() ? "" : path + ".") + extra.keySet());
                }
            } else {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                unknownFields(value, path + "." + field, problems);
            }
        }
    }

    // the structural-schema subset CRDs use: type, properties, additionalProperties, items, required, enum, bounds
    static void checkSchema(JsonNode value, JsonNode schema, String path, List<String> problems) {
        if (schema == null || schema.isMissingNode()) {
            return;
        }
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                problems.add(path + ": must be an integer or a string");
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(path + ": must be an object");
                    return;
                }
                JsonNode properties = schema.path("properties");
                JsonNode additional = schema.path("additionalProperties");
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    var field = it.next();
                    String at = path + "." + field.getKey();
                    if (path.isEmpty() && isEnvelope(field.getKey())) {
                        continue;   // checked by the caller (metadata) or the API server's own
                    }
                    if (properties.has(field.getKey())) {
                        checkSchema(field.getValue(), properties.get(field.getKey()), at, problems);
                    } else if (additional.isObject()) {
                        checkSchema(field.getValue(), additional, at, problems);
                    } else if (!preserve && !additional.asBoolean(false)) {
                        problems.add("unknown field " + at);
                    }
                }
                for (JsonNode required : schema.path("required")) {
                    if (!value.has(required.asText())) {
                        problems.add(path + ": missing required field " + required.asText());
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(path + ": must be an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    checkSchema(value.get(i), schema.path("items"), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(path + ": must be a string, is " + value);
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(path + ": must be an integer, is " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(path + ": must be a number, is " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(path + ": must be a boolean, is " + value);
                }
            }
            default -> {
                // no type: anything (the schema may still constrain it below)
            }
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
            problems.add(path + ": " + value + " is below the minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum") && value.isNumber() && value.asDouble() > schema.get("maximum").asDouble()) {
            problems.add(path + ": " + value + " is above the maximum " + schema.get("maximum"));
        }
    }

    // apiVersion, kind, metadata and status are the API server's, present on every object whatever its schema says
    private static boolean isEnvelope(String field) {
        return field.equals("apiVersion") || field.equals("kind") || field.equals("metadata") || field.equals("status");
    }
}
