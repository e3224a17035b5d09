package dev.chimera.worker.service;

import java.util.List;
import java.util.Locale;

import ai.djl.engine.EngineException;

/**
 * Tells libtorch's failures to allocate host or device memory from its other errors: both reach Java as a DJL
 * {@link EngineException}, and only the message says which ({@code DefaultCPUAllocator: can't allocate memory},
 * {@code CUDA out of memory}, {@code std::bad_alloc}).
 */
final class NativeAllocationFailure {

    private static final List<String> SIGNS = List.of("out of memory", "defaultcpuallocator",
            "can't allocate memory", "bad_alloc");

    private NativeAllocationFailure() {
    }

    /** Whether {@code failure}, or what caused it, is an engine error of an allocation that found no memory. */
    static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EngineException && cause.getMessage() != null) {
                String message = cause.getMessage().toLowerCase(Locale.ROOT);
                if (SIGNS.stream().anyMatch(message::contains)) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
