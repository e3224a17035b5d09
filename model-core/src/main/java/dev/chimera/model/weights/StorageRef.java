package dev.chimera.model.weights;

/**
 * A pickle's persistent reference to a tensor storage: its key in the file, its element type, and for the legacy
 * format's storage views the element offset into the root storage.
 */
record StorageRef(String key, StorageType type, long elementOffset) {
}
