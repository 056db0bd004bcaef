package dev.agentplane.knowledge.embed;

import dev.agentplane.kit.auth.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Embeddings for other services (scope {@code service}): execution-service embeds a user's facts and new message
 * with it, so that memory is deduplicated and recalled with the same model as the knowledge bases, and the model
 * is loaded in one service only.
 */
@Path("/internal/embeddings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.SERVICE)
public class EmbeddingResource {
    @Inject
    Embedder embedder;

    /** {@code texts}: up to 32, each up to 4,000 characters (the model reads its first 256 word pieces). */
    public record EmbedRequest(@NotEmpty @Size(max = 32) List<@NotBlank @Size(max = 4000) String> texts) {
    }

    /** Unit-length vectors in the order of the texts. */
    public record Embeddings(String model, int dimensions, float[][] embeddings) {
    }

    @POST
    public Embeddings embed(@Valid @NotNull EmbedRequest request) {
        return new Embeddings(Embedder.MODEL, Embedder.DIMENSIONS, embedder.embed(request.texts()));
    }
}
