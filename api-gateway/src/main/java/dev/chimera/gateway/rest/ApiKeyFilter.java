package dev.chimera.gateway.rest;

import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.gateway.service.RequestRefusedException;
import dev.chimera.gateway.service.VerifiedApiKeys;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates {@code /api/v1/jobs...} with a tenant's API key and {@code /api/v1/admin...} with the bootstrap admin
 * key, from {@code Authorization: Bearer <key>} or {@code X-API-Key}. Runs on the endpoint's worker thread, so the
 * key lookup in Postgres (when the key is not in {@link VerifiedApiKeys}' memory) may block.
 */
public class ApiKeyFilter {

    private static final String BEARER = "bearer ";

    private final VerifiedApiKeys apiKeys;
    private final CallingTenant callingTenant;
    private final byte[] adminKey;

    public ApiKeyFilter(VerifiedApiKeys apiKeys, CallingTenant callingTenant, GatewayConfig config) {
        this.apiKeys = apiKeys;
        this.callingTenant = callingTenant;
        this.adminKey = config.adminKey().getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/api/v1/jobs")) {
            String key = presentedKey(request).orElseThrow(
                    () -> RequestRefusedException.unauthorized("send an API key as Authorization: Bearer <key>"));
            callingTenant.authenticatedAs(apiKeys.tenantOf(key).orElseThrow(
                    () -> RequestRefusedException.unauthorized("the API key is unknown or revoked")));
        } else if (path.startsWith("/api/v1/admin")) {
            boolean admin = presentedKey(request)
                    .map(key -> MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), adminKey))
                    .orElse(false);
            if (!admin) {
                throw RequestRefusedException.unauthorized("the admin key is required");
            }
        }
    }

    private static Optional<String> presentedKey(ContainerRequestContext request) {
        return presentedKey(request.getHeaderString(HttpHeaders.AUTHORIZATION), request.getHeaderString("X-API-Key"));
    }

    /** The key of {@code Authorization: Bearer <key>}, else of {@code X-API-Key}; either header may be null. */
    static Optional<String> presentedKey(String authorization, String apiKey) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String key = authorization.substring(BEARER.length()).trim();
            return key.isEmpty() ? Optional.empty() : Optional.of(key);
        }
        return apiKey == null || apiKey.isBlank() ? Optional.empty() : Optional.of(apiKey.trim());
    }
}
