package dev.chimera.e2e.support;

import java.nio.file.Path;

/** Where the checkout is, and the git-ignored folder under it that everything the tests write goes to. */
public final class RepoPaths {

    private RepoPaths() {
    }

    /** The checkout's root: the build passes it as {@code chimera.repo.dir}; else two levels above the module. */
    public static Path checkout() {
        String configured = System.getProperty("chimera.repo.dir");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent().getParent();
        return root.toAbsolutePath().normalize();
    }

    /** {@code .chimera} of the checkout. */
    public static Path localDir() {
        return checkout().resolve(".chimera");
    }

    /** The Quarkus runner jar of a service module, e.g. {@code api-gateway}. */
    public static Path serviceJar(String module) {
        return checkout().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
