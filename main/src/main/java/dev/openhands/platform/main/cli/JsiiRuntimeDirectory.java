package dev.openhands.platform.main.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes the directory jsii's Java runtime leaves in the temp directory at every run.
 *
 * <p>At its first call, jsii-runtime (1.140.0, {@code software.amazon.jsii.BundledRuntime}) copies its Node entry point
 * into a new {@code ${java.io.tmpdir}/jsii-java-runtime<digits>/} with {@code bin/} and {@code lib/} subdirectories,
 * and starts {@code node <that dir>/bin/jsii-runtime.js}. It marks the files and the top directory
 * {@code deleteOnExit}, but not the two subdirectories: at exit the files go, the top directory is not empty and stays,
 * with an empty {@code bin/} and {@code lib/} inside. One per JVM that used jsii.
 *
 * <p>The directory is found from the command line of this JVM's own Node child, so only the one this process created
 * is touched (never another process's, never a {@code JSII_RUNTIME} the user pointed elsewhere), and it is deleted at
 * JVM exit once that child has exited (jsii's own shutdown hook stops it).
 */
final class JsiiRuntimeDirectory {

    private static final Pattern NAME = Pattern.compile("jsii-java-runtime\\d+");
    private static final Path ENTRY_POINT = Path.of("bin", "jsii-runtime.js");
    private static final long WAIT_FOR_NODE_SECONDS = 10;

    private JsiiRuntimeDirectory() {
    }

    /**
     * The jsii runtime directory a process was started from, if its arguments name
     * {@code <tmpdir>/jsii-java-runtime<digits>/bin/jsii-runtime.js}.
     */
    static Optional<Path> of(List<String> arguments, Path tmpdir) {
        Path temp = tmpdir.toAbsolutePath().normalize();
        for (String argument : arguments) {
            Path path;
            try {
                path = Path.of(argument).toAbsolutePath().normalize();
            } catch (java.nio.file.InvalidPathException notAPath) {
                continue;
            }
            if (path.getNameCount() < 3 || !path.endsWith(ENTRY_POINT)) {
                continue;
            }
            Path directory = path.getParent().getParent();
            if (temp.equals(directory.getParent()) && NAME.matcher(directory.getFileName().toString()).matches()) {
                return Optional.of(directory);
            }
        }
        return Optional.empty();
    }

    /**
     * Arranges for the runtime directory of this JVM's jsii Node child, if one is running, to be deleted at exit.
     * Call it after the work is done and before {@code System.exit}: the child must still be running to be found.
     */
    static void deleteAtExit() {
        Path tmpdir = Path.of(System.getProperty("java.io.tmpdir"));
        ProcessHandle.current().children().forEach(child -> child.info().arguments()
            .flatMap(arguments -> of(List.of(arguments), tmpdir))
            .ifPresent(directory -> Runtime.getRuntime().addShutdownHook(
                new Thread(() -> deleteAfterExit(child, directory), "jsii-runtime-directory-cleanup"))));
    }

    private static void deleteAfterExit(ProcessHandle node, Path directory) {
        try {
            node.onExit().get(WAIT_FOR_NODE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            return; // Node still runs from it: leave the directory rather than pull files from under it.
        }
        deleteRecursively(directory);
    }

    static void deleteRecursively(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // Best effort at exit: a leftover empty directory is not worth failing a command for.
        }
    }
}
