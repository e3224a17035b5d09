package dev.chimera.contract.messages;

/** The schema version written into every message; readers accept newer versions and ignore fields they do not know. */
public final class SchemaVersion {

    /** The version this code writes. */
    public static final int CURRENT = 1;

    private SchemaVersion() {
    }

    static void check(int schemaVersion) {
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be at least 1, was " + schemaVersion);
        }
    }
}
