package dev.agentplane.registry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.data.SqlErrors;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;
import dev.agentplane.registry.billing.AgentLimit;
import dev.agentplane.registry.validation.AgentDocuments;
import dev.agentplane.registry.validation.AgentValidator;
import dev.agentplane.registry.validation.ValidationIssue;
import dev.agentplane.registry.validation.ValidationReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

/** Creates, changes and deletes agents; every change writes a version and an event in one transaction. */
@ApplicationScoped
public class AgentService {
    @Inject
    CurrentCaller caller;
    @Inject
    AgentRepository agents;
    @Inject
    AgentVersionRepository versions;
    @Inject
    AgentDocuments documents;
    @Inject
    AgentValidator validator;
    @Inject
    AgentDefaults defaults;
    @Inject
    AgentJson json;
    @Inject
    AgentEvents events;
    @Inject
    AgentLimit limit;

    public ValidationReport validate(ObjectNode body) {
        AgentDocuments.Parsed parsed = documents.parse(documents.normalize(body, false));
        return parsed.input() == null ? ValidationReport.of(parsed.issues(), List.of())
                : ValidationReport.of(validator.validate(parsed.input()), validator.warnings(parsed.input()));
    }

    @Transactional
    public AgentView create(ObjectNode body) {
        AgentInput input = checked(documents.normalize(body, false));
        AgentSpec spec = defaults.apply(input);
        Caller c = caller.get();
        String id = input.id() != null ? input.id() : "agent_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        AgentEntity a = agents.findAnyForUpdate(c.workspaceId(), id).orElse(null);
        if (a != null && a.deletedAt == null) {
            throw ApiException.conflict("AGENT_ALREADY_EXISTS", "An agent with id '" + id + "' already exists.");
        }
        withinLimit(c);
        boolean fresh = a == null;
        if (fresh) {
            a = new AgentEntity();
            a.key = UUID.randomUUID();
            a.workspaceId = c.workspaceId();
            a.agentId = id;
        }
        Instant now = Instant.now();
        a.tenantId = c.tenantId();
        a.version += 1;
        a.createdAt = now;
        a.updatedAt = now;
        a.deletedAt = null;
        a.apply(spec, json.write(spec));
        try {
            if (fresh) {
                agents.persist(a);
            }
            agents.flush();
        } catch (PersistenceException e) {
            // only a concurrent create of the same id is "already exists"; any other refusal is what it is
            if (SqlErrors.violates(e, "agent_workspace_agent_id")) {
                throw ApiException.conflict("AGENT_ALREADY_EXISTS", "An agent with id '" + id + "' already exists.");
            }
            throw e;
        }
        recordVersion(a, fresh ? "created" : "restored", now);
        events.changed(AgentEvents.CREATED, a);
        return AgentView.of(a.agentId, spec, a.version, a.createdAt, a.updatedAt);
    }

    /** 403 AGENT_LIMIT_EXCEEDED when the workspace already has as many live agents as its tier allows. */
    private void withinLimit(Caller c) {
        OptionalInt max = limit.of(c.workspaceId());
        if (max.isEmpty()) {
            return;
        }
        long live = agents.countLiveLocked(c.workspaceId());
        if (live >= max.getAsInt()) {
            throw new ApiException(403, "AGENT_LIMIT_EXCEEDED", "This workspace has " + live
                    + " agents, the most its tier allows (" + max.getAsInt() + "). Delete one or change the tier.");
        }
    }

    @Transactional
    public AgentView patch(String id, ObjectNode body) {
        AgentEntity a = agents.findLiveForUpdate(caller.workspaceId(), id).orElseThrow(() -> AgentReads.notFound(id));
        ObjectNode patch = documents.normalize(body, true);
        List<FieldError> locked = new ArrayList<>();
        unchangeable(patch, "id", a.agentId, "cannot be changed", locked);
        unchangeable(patch, "role", a.role, "cannot be changed", locked);
        unchangeable(patch, "maturity_level", a.maturityLevel,
                "cannot be changed here: use POST /v1/agents/{id}/promote", locked);
        if (!locked.isEmpty()) {
            throw ApiException.invalid("Some fields cannot be changed.", locked);
        }
        patch.remove("id");
        AgentSpec current = json.read(a.definition);
        AgentSpec next = defaults.apply(checked((ObjectNode) AgentJson.merge(json.tree(current), patch)));
        String nextJson = json.write(next);
        if (nextJson.equals(a.definition)) {
            return AgentView.of(a.agentId, current, a.version, a.createdAt, a.updatedAt);
        }
        a.version += 1;
        a.updatedAt = Instant.now();
        a.apply(next, nextJson);
        recordVersion(a, "updated", a.updatedAt);
        events.changed(AgentEvents.UPDATED, a);
        return AgentView.of(a.agentId, next, a.version, a.createdAt, a.updatedAt);
    }

    /** Soft delete: reads answer 404 from now on; versions stay for audit. */
    @Transactional
    public AgentEntity softDelete(String id) {
        AgentEntity a = agents.findLiveForUpdate(caller.workspaceId(), id).orElseThrow(() -> AgentReads.notFound(id));
        a.deletedAt = Instant.now();
        a.updatedAt = a.deletedAt;
        events.changed(AgentEvents.DELETED, a);
        return a;
    }

    /** A new version with a new maturity level (graduation), written with the same rules as any change. */
    public void changeMaturity(AgentEntity a, String level) {
        AgentSpec next = json.read(a.definition).withMaturity(level);
        a.version += 1;
        a.updatedAt = Instant.now();
        a.apply(next, json.write(next));
        recordVersion(a, "promoted", a.updatedAt);
    }

    private void recordVersion(AgentEntity a, String change, Instant at) {
        AgentVersionEntity v = new AgentVersionEntity();
        v.key = UUID.randomUUID();
        v.workspaceId = a.workspaceId;
        v.agentId = a.agentId;
        v.version = a.version;
        v.change = change;
        v.definition = a.definition;
        v.createdAt = at;
        versions.persist(v);
    }

    private AgentInput checked(ObjectNode normalized) {
        AgentDocuments.Parsed parsed = documents.parse(normalized);
        List<ValidationIssue> issues = parsed.input() == null ? parsed.issues() : validator.validate(parsed.input());
        if (!issues.isEmpty()) {
            throw new ApiException(400, "INVALID_INPUT", "The agent definition is invalid.",
                    issues.stream().map(i -> new FieldError(i.pointer(), i.message())).toList(), Map.of("issues", issues));
        }
        return parsed.input();
    }

    private static void unchangeable(ObjectNode patch, String member, String current, String why, List<FieldError> out) {
        JsonNode value = patch.get(member);
        if (value != null && !(value.isTextual() && value.asText().equals(current))) {
            out.add(new FieldError("/" + member, why));
        }
    }
}
