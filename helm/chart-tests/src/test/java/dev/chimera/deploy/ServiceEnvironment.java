package dev.chimera.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CHIMERA_* variables a service reads: the ones its application.properties names, the storage settings
 * (CHIMERA_DB_*, CHIMERA_S3_*, mapped by storage-cdi for every service and read by name by the tools), and the ones
 * its typed configuration maps by name.
 */
final class ServiceEnvironment {

    private static final Pattern NAME = Pattern.compile("\\b(CHIMERA_[A-Z0-9_]+)\\b");
    private static final Pattern QUOTED = Pattern.compile("\"(CHIMERA_[A-Z0-9_]+)\"");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"([a-z.-]+)\"\\)");
    private static final Pattern ACCESSOR = Pattern.compile("\\n    (?:default )?[\\w<>]+ (\\w+)\\(\\)[; ]");
    private static final Pattern NESTED_GROUP = Pattern.compile("\\n    interface (\\w+) \\{([^}]*)}");
    private static final Pattern NESTED_ACCESSOR = Pattern.compile("\\n        [\\w<>]+ (\\w+)\\(\\);");

    private final Set<String> names;

    private ServiceEnvironment(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    static ServiceEnvironment of(String module) {
        Path repository = ServiceConfig.repository();
        Set<String> names = new HashSet<>();
        collect(NAME, read(repository.resolve(module).resolve("src/main/resources/application.properties")), names);
        for (String settings : new String[] {"jobs/DatabaseSettings.java", "objects/S3Settings.java"}) {
            collect(QUOTED, read(repository.resolve("storage/src/main/java/dev/chimera/storage").resolve(settings)),
                    names);
        }
        names.addAll(mappedNamesUnder(repository.resolve(module)));
        names.addAll(mappedNamesUnder(repository.resolve("storage-cdi")));
        return new ServiceEnvironment(names);
    }

    /** The variables of every {@code @ConfigMapping} in a module's main sources. */
    private static Set<String> mappedNamesUnder(Path module) {
        Set<String> names = new HashSet<>();
        try (var sources = Files.walk(module.resolve("src/main/java"))) {
            for (Path source : (Iterable<Path>) sources.filter(p -> p.toString().endsWith(".java"))::iterator) {
                names.addAll(mappedNames(read(source)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sources of " + module, e);
        }
        return names;
    }

    boolean reads(String name) {
        return names.contains(name);
    }

    /**
     * The variables of a {@code @ConfigMapping(prefix = ...)} interface: SmallRye also reads each property
     * prefix.a-b.c-d from PREFIX_A_B_C_D. Accessors (and those of nested group interfaces), kebab-cased, give the
     * properties.
     */
    private static Set<String> mappedNames(String source) {
        Set<String> mapped = new HashSet<>();
        Matcher annotation = MAPPING.matcher(source);
        if (!annotation.find()) {
            return mapped;
        }
        String prefix = annotation.group(1);
        Matcher topLevel = ACCESSOR.matcher(source);
        while (topLevel.find()) {
            mapped.add(environmentName(prefix + "." + kebab(topLevel.group(1))));
        }
        Matcher group = NESTED_GROUP.matcher(source);
        while (group.find()) {
            Matcher member = NESTED_ACCESSOR.matcher(group.group(2));
            while (member.find()) {
                mapped.add(environmentName(prefix + "." + kebab(group.group(1)) + "." + kebab(member.group(1))));
            }
        }
        return mapped;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static String environmentName(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    private static void collect(Pattern pattern, String text, Set<String> names) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
