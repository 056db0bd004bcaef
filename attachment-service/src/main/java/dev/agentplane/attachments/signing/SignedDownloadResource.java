package dev.agentplane.attachments.signing;

import dev.agentplane.attachments.attachment.Downloads;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Downloads by signed URL: the signature is the only credential (tampered → 403, expired → 410). */
@Path(UrlSigner.PATH)
public class SignedDownloadResource {
    @Inject
    UrlSigner signer;
    @Inject
    Downloads downloads;

    @GET
    @Path("{key: .+}")
    @Produces(MediaType.WILDCARD)
    @PermitAll
    public Response download(@PathParam("key") String key, @QueryParam("expires") Long expires,
                             @QueryParam("signature") String signature) {
        signer.verify(key, expires, signature);
        return downloads.serveSigned(key);
    }
}
