package io.countersign.testing;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** A stand-in REST resource of the account API, to see which roles serve the API. */
@Path("/test/ping")
public class PingResource {

    @GET
    public String ping() {
        return "pong";
    }

    @POST
    public String post() {
        return "pong";
    }
}
