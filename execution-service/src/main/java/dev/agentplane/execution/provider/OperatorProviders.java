package dev.agentplane.execution.provider;

/**
 * The operator's own providers, as the model gateway resolves names ({@code llm.ModelRegistry}): a credential may
 * not take a name that an agent of its workspace would run on the operator's provider by — it would never be used.
 */
public interface OperatorProviders {
    /** Whether an agent naming {@code name}, in a workspace on {@code tier}, runs on the operator's provider. */
    boolean serves(String name, String tier);
}
