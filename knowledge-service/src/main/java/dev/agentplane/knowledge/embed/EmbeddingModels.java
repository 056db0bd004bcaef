package dev.agentplane.knowledge.embed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The embedding models a knowledge base may name: the in-process all-MiniLM-L6-v2 (the default) and, when the
 * operator configures one, an OpenAI-compatible endpoint's model.
 */
@ApplicationScoped
public class EmbeddingModels {
    @Inject
    Embedder local;
    @Inject
    OpenAiEmbeddings remote;

    /** The models a knowledge base may name now. */
    public List<String> models() {
        return remote.model() == null ? List.of(Embedder.MODEL) : List.of(Embedder.MODEL, remote.model());
    }

    public boolean available(String model) {
        return models().contains(model);
    }

    public int dimensions(String model) {
        return Embedder.MODEL.equals(model) ? Embedder.DIMENSIONS : remote.dimensions();
    }

    /** The texts' vectors by this model, in order (a batch: one call). */
    public float[][] embed(String model, List<String> texts) {
        if (Embedder.MODEL.equals(model)) {
            return local.embed(texts);
        }
        if (!model.equals(remote.model())) {
            throw new OpenAiEmbeddings.Refused("The embedding model '" + model + "' is not configured any more.");
        }
        return remote.embed(texts);
    }
}
