package dev.chimera.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MethodTest {

    @Test
    void wireNamesAreThePublishedMethodNames() {
        assertEquals(List.of("splice", "cross-image-attention", "clvae", "crossbreed"),
                Arrays.stream(Method.values()).map(Method::wireName).toList());
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void aWireNameReadsBackAsItsMethod(Method method) {
        assertEquals(Optional.of(method), Method.fromWireName(method.wireName()));
    }

    @Test
    void anUnknownNameIsNoMethod() {
        assertTrue(Method.fromWireName("cross_image_attention").isEmpty());
        assertTrue(Method.fromWireName(null).isEmpty());
    }

    @Test
    void eachMethodServesTheKindOfTheArchitectureTable() {
        assertEquals(JobKind.TRANSFER, Method.SPLICE.kind());
        assertEquals(JobKind.TRANSFER, Method.CROSS_IMAGE_ATTENTION.kind());
        assertEquals(JobKind.SYNTHESIS, Method.CLVAE.kind());
        assertEquals(JobKind.MORPHING, Method.CROSSBREED.kind());
    }

    @Test
    void transferMethodsRequireAStructureAndAnAppearanceImage() {
        List<InputRole> roles = List.of(InputRole.required("structure"), InputRole.required("appearance"));
        assertEquals(roles, Method.SPLICE.inputRoles());
        assertEquals(roles, Method.CROSS_IMAGE_ATTENTION.inputRoles());
    }

    @Test
    void clvaeRequiresALabelMapAndTakesAnOptionalStyleImage() {
        assertEquals(List.of(InputRole.requiredLabelMap("labelMap"), InputRole.optional("style")),
                Method.CLVAE.inputRoles());
    }

    @Test
    void crossbreedRequiresTwoImages() {
        assertEquals(List.of(InputRole.required("imageA"), InputRole.required("imageB")),
                Method.CROSSBREED.inputRoles());
    }

    @Test
    void aRoleIsFoundByItsName() {
        assertEquals(Optional.of(InputRole.optional("style")), Method.CLVAE.inputRole("style"));
        assertTrue(Method.CLVAE.inputRole("structure").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void jsonCarriesTheWireName(Method method) throws Exception {
        String json = ContractJson.mapper().writeValueAsString(method);
        assertEquals("\"" + method.wireName() + "\"", json);
        assertEquals(method, ContractJson.mapper().readValue(json, Method.class));
    }

    @Test
    void jsonWithAnUnknownMethodFailsToRead() {
        assertThrows(JsonMappingException.class, () -> ContractJson.mapper().readValue("\"dalle\"", Method.class));
    }
}
