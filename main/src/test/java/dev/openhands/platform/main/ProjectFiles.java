package dev.openhands.platform.main;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The repository's own files, and environment files derived from the bundled example for tests. */
public final class ProjectFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProjectFiles() {
    }

    public static Path root() {
        String configured = System.getProperty("project.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    public static Path environments() {
        return root().resolve("environments");
    }

    public static ObjectNode pilotDocument() {
        try {
            return (ObjectNode) JSON.readTree(environments().resolve("pilot.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the pilot example, changed by {@code edit}, as {@code dir/name.json} (the name field follows). */
    public static Path writeVariant(Path dir, String name, Consumer<ObjectNode> edit) {
        ObjectNode doc = pilotDocument();
        doc.put("name", name);
        edit.accept(doc);
        return write(dir, name, doc);
    }

    public static Path write(Path dir, String name, JsonNode doc) {
        try {
            Path file = dir.resolve(name + ".json");
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EnvironmentConfig loadVariant(Path dir, String name, Consumer<ObjectNode> edit) {
        writeVariant(dir, name, edit);
        return EnvironmentLoader.load(dir, List.of(name)).get(0);
    }
}
