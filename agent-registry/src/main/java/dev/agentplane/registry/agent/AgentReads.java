package dev.agentplane.registry.agent;

import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads of agents and their versions, always inside the caller's workspace. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AgentReads {
    @Inject
    CurrentCaller caller;
    @Inject
    AgentRepository agents;
    @Inject
    AgentVersionRepository versions;
    @Inject
    AgentJson json;

    /** One line of an agent's version history. */
    public record VersionSummary(int version, String change, String name, String maturityLevel, Instant createdAt) {
    }

    /** The answer of the batch read: found agents in request order, and the ids that were not found. */
    public record BatchResult(List<AgentView> items, List<String> missing) {
    }

    public static ApiException notFound(String id) {
        return ApiException.notFound("AGENT_NOT_FOUND", "No agent '" + id + "' exists in this workspace.");
    }

    public AgentEntity require(String id) {
        return agents.findLive(caller.workspaceId(), id).orElseThrow(() -> notFound(id));
    }

    public AgentView get(String id) {
        return view(require(id));
    }

    public AgentView version(String id, int version) {
        AgentEntity a = require(id);
        AgentVersionEntity v = versions.find(a.workspaceId, a.agentId, version).orElseThrow(() ->
                ApiException.notFound("VERSION_NOT_FOUND", "Agent '" + id + "' has no version " + version + "."));
        return AgentView.of(a.agentId, json.read(v.definition), v.version, a.createdAt, v.createdAt);
    }

    public Page<VersionSummary> versions(String id, PageRequest page) {
        AgentEntity a = require(id);
        return versions.page(a.workspaceId, a.agentId, page, v -> {
            AgentSpec s = json.read(v.definition);
            return new VersionSummary(v.version, v.change, s.name(), s.maturityLevel(), v.createdAt);
        });
    }

    public Page<AgentView> list(AgentFilter filter, PageRequest page) {
        Page<AgentEntity> found = agents.list(caller.workspaceId(), filter, page);
        return new Page<>(found.items().stream().map(this::view).toList(), found.pagination());
    }

    public BatchResult batch(List<String> ids) {
        List<String> wanted = new ArrayList<>(new LinkedHashSet<>(ids));
        Map<String, AgentEntity> found = agents.findLiveIn(caller.workspaceId(), wanted).stream()
                .collect(Collectors.toMap(a -> a.agentId, Function.identity()));
        return new BatchResult(wanted.stream().filter(found::containsKey).map(id -> view(found.get(id))).toList(),
                wanted.stream().filter(id -> !found.containsKey(id)).toList());
    }

    private AgentView view(AgentEntity a) {
        return AgentView.of(a.agentId, json.read(a.definition), a.version, a.createdAt, a.updatedAt);
    }
}
