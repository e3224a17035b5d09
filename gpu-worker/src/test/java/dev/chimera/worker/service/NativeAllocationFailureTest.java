package dev.chimera.worker.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.djl.engine.EngineException;

class NativeAllocationFailureTest {

    @Test
    void libtorchsCpuAllocatorFailureIsAnAllocationFailure() {
        assertTrue(NativeAllocationFailure.is(new EngineException("[enforce fail at alloc_cpu.cpp:117] data."
                + " DefaultCPUAllocator: can't allocate memory: you tried to allocate 87960930222080 bytes.")));
    }

    @Test
    void cudaOutOfMemoryWrappedInAnotherExceptionIsAnAllocationFailure() {
        assertTrue(NativeAllocationFailure.is(new IllegalStateException("forward failed",
                new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB"))));
    }

    @Test
    void otherEngineErrorsAreNot() {
        assertFalse(NativeAllocationFailure.is(new EngineException(
                "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1")));
        assertFalse(NativeAllocationFailure.is(new IllegalArgumentException("out of memory, said a user")));
        assertFalse(NativeAllocationFailure.is(new EngineException((String) null)));
    }
}
