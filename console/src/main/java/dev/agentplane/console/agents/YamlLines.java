package dev.agentplane.console.agents;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.OptionalInt;

/**
 * Where a validator error is in the YAML the user typed: the registry answers JSON pointers
 * ({@code /llm_config/model}), the editor shows lines. A pointer to a member that is missing points at its
 * nearest parent that exists (a missing {@code name} is reported at line 1).
 */
public final class YamlLines {
    private YamlLines() {
    }

    /** The 1-based line of the pointer's node, or its nearest existing parent's. */
    public static int lineOf(String yaml, String pointer) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(1 << 20);
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (RuntimeException e) {
            return 1;
        }
        if (root == null) {
            return 1;
        }
        Node node = root;
        int line = root.getStartMark().getLine() + 1;
        if (pointer != null && !pointer.isEmpty() && !pointer.equals("/")) {
            for (String raw : pointer.substring(1).split("/", -1)) {
                NodeTuple member = member(node, raw.replace("~1", "/").replace("~0", "~"));
                Node item = member == null ? item(node, raw) : null;
                if (member != null) {
                    // a member's line is its key's: a block value starts on the line below it
                    line = member.getKeyNode().getStartMark().getLine() + 1;
                    node = member.getValueNode();
                } else if (item != null) {
                    line = item.getStartMark().getLine() + 1;
                    node = item;
                } else {
                    break;
                }
            }
        }
        return line;
    }

    /** The 1-based line of a YAML syntax error, when the text does not parse. */
    public static OptionalInt syntaxErrorLine(String yaml) {
        try {
            new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
            return OptionalInt.empty();
        } catch (MarkedYAMLException e) {
            return e.getProblemMark() == null ? OptionalInt.of(1) : OptionalInt.of(e.getProblemMark().getLine() + 1);
        } catch (RuntimeException e) {
            return OptionalInt.of(1);
        }
    }

    private static NodeTuple member(Node node, String key) {
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return t;
                }
            }
        }
        return null;
    }

    private static Node item(Node node, String key) {
        if (node instanceof SequenceNode seq && key.matches("\\d{1,6}")) {
            int i = Integer.parseInt(key);
            return i < seq.getValue().size() ? seq.getValue().get(i) : null;
        }
        return null;
    }
}
