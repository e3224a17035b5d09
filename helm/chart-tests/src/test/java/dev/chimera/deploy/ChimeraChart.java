package dev.chimera.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The chart in helm/chimera, linted and rendered by helm-java's embedded Helm, without a cluster. */
final class ChimeraChart {

    static final String RELEASE = "chimera";
    static final String NAMESPACE = "chimera";

    /** The annotation prefix a hook object carries, and what the copy made by withHooksAsPlainObjects has instead. */
    static final String HELM_HOOK = "helm.sh/hook";
    static final String VISIBLE_HOOK = "test.chimera.dev/hook";

    private final Path directory;

    private ChimeraChart(Path directory) {
        this.directory = directory;
    }

    /** The chart the build points at with the {@code chimera.chart.dir} property. */
    static ChimeraChart fromBuild() {
        Path directory = Paths.get(System.getProperty("chimera.chart.dir", "../chimera")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(directory.resolve("Chart.yaml"))) {
            throw new IllegalStateException("no Chart.yaml in " + directory);
        }
        return new ChimeraChart(directory);
    }

    /** A file of the chart, e.g. values.schema.json. */
    Path file(String name) {
        return directory.resolve(name);
    }

    /** {@code helm lint --strict} with the chart's default values. */
    LintResult lintStrict() {
        return new Helm(directory).lint().strict().call();
    }

    /** {@code helm template} with the default values and then each of {@code valuesFiles}. */
    Manifests render(Path... valuesFiles) {
        var template = new Helm(directory).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path valuesFile : valuesFiles) {
            template = template.withValuesFile(valuesFile);
        }
        return Manifests.parse(template.call());
    }

    /**
     * The same chart copied under target/ with its Helm hook annotations renamed: helm-java's template leaves hook
     * objects out of its output, and this copy lets a test read what the migration Job really renders to.
     */
    ChimeraChart withHooksAsPlainObjects() {
        Path copy = Paths.get("target", "chart-with-visible-hooks").toAbsolutePath();
        try (var files = Files.walk(directory)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(directory.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, Files.readString(source).replace(HELM_HOOK, VISIBLE_HOOK));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the chart to " + copy, e);
        }
        return new ChimeraChart(copy);
    }

    /** A values file of the test resources, by its name under {@code values/}. */
    static Path values(String name) {
        Path path = Paths.get("src/test/resources/values", name).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no values file " + path);
        }
        return path;
    }
}
