package dev.agentplane.knowledge.embed;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** An OpenAI-compatible {@code POST /embeddings} (built by {@link OpenAiEmbeddings} with the operator's base URL). */
@RegisterRestClient
@Path("/embeddings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface OpenAiApi {
    @POST
    Response embed(@HeaderParam("Authorization") String authorization, Request body);

    /** {@code input}: the texts of one batch; {@code dimensions} only when the operator sends it. */
    record Request(String model, List<String> input, Integer dimensions, String encodingFormat) {
    }

    /** One vector per input, with the input's index. */
    record Response(List<Item> data) {
    }

    record Item(int index, float[] embedding) {
    }
}
