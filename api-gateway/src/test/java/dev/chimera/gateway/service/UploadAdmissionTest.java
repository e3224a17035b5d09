package dev.chimera.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UploadAdmissionTest {

    @Test
    void aTenantAtItsCapIsRefusedWhileOtherTenantsAreStillAdmitted() {
        UploadAdmission admission = new UploadAdmission(10, 2);
        assertTrue(admission.admit("a").isAdmitted());
        assertTrue(admission.admit("a").isAdmitted());

        assertEquals(UploadAdmission.Refusal.TENANT_BUSY, admission.admit("a").refusal());
        assertTrue(admission.admit("b").isAdmitted());
        assertEquals(3, admission.inFlight());
    }

    @Test
    void theGatewayAtItsCapRefusesEveryTenant() {
        UploadAdmission admission = new UploadAdmission(2, 2);
        assertTrue(admission.admit("a").isAdmitted());
        assertTrue(admission.admit("b").isAdmitted());

        assertEquals(UploadAdmission.Refusal.GATEWAY_BUSY, admission.admit("c").refusal());
        assertEquals(2, admission.inFlight());
    }

    @Test
    void aReleasedPermitFreesItsPlaceOnceHoweverOftenItIsReleased() {
        UploadAdmission admission = new UploadAdmission(2, 1);
        UploadAdmission.Permit first = admission.admit("a").permit();
        assertTrue(admission.admit("b").isAdmitted());

        first.release();
        first.release();

        assertEquals(1, admission.inFlight());
        assertTrue(admission.admit("a").isAdmitted());
        assertEquals(UploadAdmission.Refusal.GATEWAY_BUSY, admission.admit("c").refusal());
    }
}
