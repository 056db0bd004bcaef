package dev.agentplane.sessions.memory;

import dev.agentplane.kit.data.WorkspaceRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Memories scoped by workspace. */
@ApplicationScoped
public class MemoryRepository implements WorkspaceRepository<Memory, String> {
}
