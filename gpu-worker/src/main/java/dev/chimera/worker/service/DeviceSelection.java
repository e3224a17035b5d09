package dev.chimera.worker.service;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Picks the device jobs run on: the first GPU when the PyTorch engine sees one, else the CPU. */
public final class DeviceSelection {

    private DeviceSelection() {
    }

    /** The device for this worker's jobs. */
    public static Device select() {
        return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /** The device as jobs report it: {@code cpu}, or {@code gpu(<index>)}. */
    public static String name(Device device) {
        return device.isGpu() ? "gpu(" + device.getDeviceId() + ")" : device.getDeviceType();
    }
}
