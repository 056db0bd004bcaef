package dev.agentplane.registry.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;
import dev.agentplane.kit.json.TextRules;
import dev.agentplane.registry.agent.AgentInput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.yaml.snakeyaml.LoaderOptions;

import java.util.List;

/**
 * Turns a request body (JSON or YAML) into an {@link AgentInput}: accepts the seeds' spellings
 * ({@code template}, {@code configuration}, a bare workflow at the top level) and reports type errors
 * as validation issues with a JSON pointer instead of failing the whole request.
 */
@ApplicationScoped
public class AgentDocuments {
    private static final List<String> WORKFLOW_MEMBERS = List.of("architecture", "agents", "edges", "entry_point");

    @Inject
    ObjectMapper mapper;

    private final YAMLMapper yaml;

    public AgentDocuments() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(40);
        options.setCodePointLimit(1_048_576);
        yaml = new YAMLMapper(YAMLFactory.builder().loaderOptions(options).build());
        // as for JSON bodies (the kit's RequestJson): a repeated key is a mistake, not "the last one wins"
        yaml.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** A parsed input, or the issues that stopped parsing. */
    public record Parsed(AgentInput input, List<ValidationIssue> issues) {
    }

    public ObjectNode fromYaml(String body) {
        JsonNode tree;
        try {
            tree = body == null || body.isBlank() ? null : yaml.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new ApiException(400, "MALFORMED_YAML", "The request body is not valid YAML" + where + ".");
        }
        // YAML's "\0" escape makes a NUL that PostgreSQL would refuse deep inside the write
        FieldError text = tree == null ? null : TextRules.firstProblem(tree);
        if (text != null) {
            throw ApiException.invalid("The field '" + text.field() + "' " + text.message() + ".", List.of(text));
        }
        return requireObject(tree);
    }

    public ObjectNode requireObject(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw ApiException.invalid("/", "The request body must be an object (a mapping in YAML).");
        }
        return (ObjectNode) tree;
    }

    /** Rewrites aliases into the canonical members; a patch keeps its absent members absent. */
    public ObjectNode normalize(ObjectNode body, boolean patch) {
        ObjectNode doc = body.deepCopy();
        renameTemplate(doc);
        if (doc.has("configuration") && (patch || !doc.has("llm_config"))) {
            doc.set("llm_config", doc.get("configuration"));
        }
        doc.remove("configuration");
        if (!doc.has("system_config") && doc.path("agents").isArray()) {
            ObjectNode workflow = doc.putObject("system_config");
            if (doc.has("name")) {
                workflow.set("name", doc.get("name"));
            }
            WORKFLOW_MEMBERS.forEach(m -> {
                if (doc.has(m)) {
                    workflow.set(m, doc.remove(m));
                }
            });
        }
        JsonNode workflow = doc.path("system_config");
        if (workflow.path("agents").isArray()) {
            workflow.path("agents").forEach(node -> {
                if (node.isObject()) {
                    renameTemplate((ObjectNode) node);
                }
            });
        }
        if (!patch && !doc.hasNonNull("name") && workflow.hasNonNull("name")) {
            doc.set("name", workflow.get("name"));
        }
        return doc;
    }

    public Parsed parse(ObjectNode normalized) {
        try {
            return new Parsed(mapper.treeToValue(normalized, AgentInput.class), List.of());
        } catch (JsonMappingException e) {
            Pointer at = Pointer.ROOT;
            for (JsonMappingException.Reference ref : e.getPath()) {
                at = ref.getFieldName() != null ? at.at(ref.getFieldName()) : at.at(ref.getIndex());
            }
            return new Parsed(null, List.of(new ValidationIssue(at.toString(), "INVALID_TYPE", "must be " + expected(e))));
        } catch (JsonProcessingException e) {
            return new Parsed(null, List.of(new ValidationIssue("/", "INVALID_TYPE", "cannot be read")));
        }
    }

    private static String expected(JsonMappingException e) {
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (type == null) {
            return "of another type";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        return java.util.Collection.class.isAssignableFrom(type) ? "a list" : "an object";
    }

    private static void renameTemplate(ObjectNode doc) {
        JsonNode template = doc.remove("template");
        if (template != null && !doc.has("system_prompt")) {
            doc.set("system_prompt", template);
        }
    }
}
