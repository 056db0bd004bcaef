package dev.agentplane.registry.agent;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * Where a boolean condition edge leads: a node name or {@code __end__}. YAML 1.1 readers
 * (PyYAML's safe_load, SnakeYAML) turn the keys {@code yes}/{@code no} into booleans: those are accepted too.
 */
public record Routing(@JsonAlias("true") String yes, @JsonAlias("false") String no) {
}
