package dev.chimera.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's own application.properties, read as the source of truth for its environment names and port. */
final class ServiceConfig {

    private static final Pattern ENV_WITH_DEFAULT = Pattern.compile("^\\$\\{([A-Z0-9_]+):(.*)}$");

    private final String module;
    private final Properties properties;

    private ServiceConfig(String module, Properties properties) {
        this.module = module;
        this.properties = properties;
    }

    static ServiceConfig of(String module) {
        Path file = repository().resolve(module).resolve("src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new ServiceConfig(module, properties);
    }

    /** The checkout's root, which the build passes to every test JVM. */
    static Path repository() {
        return Paths.get(System.getProperty("chimera.repo.dir", "../..")).toAbsolutePath().normalize();
    }

    String module() {
        return module;
    }

    /** The environment variable a property reads, from its {@code ${NAME:default}} value. */
    String environmentName(String property) {
        return envDefault(property).group(1);
    }

    /** The default a property falls back to when its environment variable is unset. */
    String defaultValue(String property) {
        return envDefault(property).group(2);
    }

    /** The HTTP port the service listens on unless told otherwise. */
    int httpPort() {
        return Integer.parseInt(defaultValue("quarkus.http.port"));
    }

    private Matcher envDefault(String property) {
        String value = properties.getProperty(property);
        if (value == null) {
            throw new NoSuchElementException(module + " has no property " + property);
        }
        Matcher matcher = ENV_WITH_DEFAULT.matcher(value.trim());
        if (!matcher.matches()) {
            throw new IllegalStateException(module + ": " + property + " is not ${ENV:default} but " + value);
        }
        return matcher;
    }
}
