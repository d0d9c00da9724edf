package dev.openhands.platform.main.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.main.ProjectFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Loads a bundled environment changed by a test and returns the one problem the change causes. */
final class ConfigProblems {

    private ConfigProblems() {
    }

    static ObjectNode bundled(String name) throws IOException {
        return (ObjectNode) new ObjectMapper().readTree(ProjectFiles.environments().resolve(name + ".json").toFile());
    }

    /**
     * {@code environments/<name>.json} changed by {@code edit}, written to {@code dir} and loaded: exactly one problem,
     * with a fix, naming the file.
     */
    static ConfigProblem only(Path dir, String name, Consumer<ObjectNode> edit) throws IOException {
        write(dir, name, edit);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of(name)));
        assertThat(e).isNotNull();
        assertThat(e.problems()).as(e.getMessage()).hasSize(1);
        assertThat(e.problems().get(0).fix()).isNotBlank();
        assertThat(e.getMessage()).contains(name + ".json");
        return e.problems().get(0);
    }

    /** {@code environments/<name>.json} changed by {@code edit}, written to {@code dir} and loaded: it must be valid. */
    static EnvironmentConfig loaded(Path dir, String name, Consumer<ObjectNode> edit) throws IOException {
        write(dir, name, edit);
        return EnvironmentLoader.load(dir, List.of(name)).get(0);
    }

    private static void write(Path dir, String name, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode doc = bundled(name);
        edit.accept(doc);
        ProjectFiles.write(dir, name, doc);
    }
}
