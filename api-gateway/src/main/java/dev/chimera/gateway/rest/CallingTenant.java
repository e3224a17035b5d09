package dev.chimera.gateway.rest;

import dev.chimera.gateway.service.RequestRefusedException;
import jakarta.enterprise.context.RequestScoped;

/** The tenant whose API key authenticated the current request. */
@RequestScoped
public class CallingTenant {

    private String id;

    void authenticatedAs(String tenantId) {
        this.id = tenantId;
    }

    /** The tenant's id; only on routes that require an API key. */
    public String id() {
        if (id == null) {
            throw RequestRefusedException.unauthorized("an API key is required");
        }
        return id;
    }
}
