package cn.tongjie.hub.petition;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Petition connector routes: the hub-hosted push endpoint (§5) and housekeeping of the shared nonce store. */
@Component
class PetitionRoutes extends RouteBuilder {

    private final PetitionEndpoint endpoint;
    private final PetitionNonces nonces;

    PetitionRoutes(PetitionEndpoint endpoint, PetitionNonces nonces) {
        this.endpoint = endpoint;
        this.nonces = nonces;
    }

    @Override
    public void configure() {
        rest("/api/petition/v1")
                .post("/disputes").id("petition-disputes-rest").consumes("application/json").produces("application/json")
                .to("direct:petition-receive-push");

        from("direct:petition-receive-push").routeId("petition-receive-push")
                .process(endpoint::handle).id("petition-handle-push");

        // Nonces are needed for 600 s only (§4.3); older rows are dead weight.
        from("timer:petition-nonce-purge?delay=60000&period=300000").routeId("petition-nonce-purge")
                .process(e -> nonces.purgeExpired()).id("petition-purge-nonces");
    }
}
