package dev.openhands.platform.sandbox.maintenance;

import dev.openhands.platform.sandbox.launch.WorkspaceAccessPoints;
import dev.openhands.platform.sandbox.registry.SandboxRecord;
import dev.openhands.platform.sandbox.registry.SandboxStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes workspace directories nobody will mount again, from the workspace root (the purge function's mount):
 * a conversation directory whose record is gone or names another directory (deleted, or forgotten by the retention
 * rule), and a warm slot's directory whose slot was retired unclaimed or whose claimant is gone. The registry is the
 * only authority, read consistently: a directory is created on a task's first mount, after its record was written,
 * so a directory without a record is one whose record was deleted, never one being born.
 *
 * <p>Only direct children of {@value WorkspaceAccessPoints#CONVERSATIONS} and {@value WorkspaceAccessPoints#POOL}
 * whose names the orchestrator could have made are touched; symbolic links are removed, never followed (a sandbox
 * could plant one pointing at another workspace), and the walk never leaves the directory it purges.
 */
public final class WorkspacePurge {

    /** What one run removed and what it left because the registry could not vouch for it. */
    public record Report(List<String> purged, List<String> kept, List<String> undecided) {
    }

    private static final Pattern CONVERSATION = Pattern.compile("^([A-Za-z0-9-]{1,64})-([a-z2-7]{12})$");
    private static final Pattern SLOT = Pattern.compile("^pool-[0-9a-f-]{36}$");

    private final Path root;
    private final Function<String, Optional<SandboxRecord>> registry;

    /**
     * @param root     the workspace root as this process sees it (the purge function's mount path)
     * @param registry a consistent read of one registry item by id
     */
    public WorkspacePurge(Path root, Function<String, Optional<SandboxRecord>> registry) {
        this.root = root;
        this.registry = registry;
    }

    public Report run() {
        List<String> purged = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        for (String directory : children(WorkspaceAccessPoints.CONVERSATIONS)) {
            Matcher name = CONVERSATION.matcher(directory.substring(directory.indexOf('/') + 1));
            if (!name.matches()) {
                undecided.add(directory);
                continue;
            }
            boolean wanted = registry.apply(name.group(1)).map(r -> directory.equals(r.workspaceDirectory())).orElse(false);
            (wanted ? kept : purged).add(directory);
        }
        for (String directory : children(WorkspaceAccessPoints.POOL)) {
            String slotName = directory.substring(directory.indexOf('/') + 1);
            Optional<SandboxRecord> slot = SLOT.matcher(slotName).matches()
                ? registry.apply(SandboxRecord.SLOT_PREFIX + slotName) : Optional.empty();
            if (slot.isEmpty()) {
                // Its slot item expired (DynamoDB's TTL), and with it the only record of who claimed it.
                undecided.add(directory);
                continue;
            }
            boolean wanted;
            if (slot.get().link() != null) {
                wanted = registry.apply(slot.get().link()).map(r -> directory.equals(r.workspaceDirectory())).orElse(false);
            } else {
                wanted = slot.get().status() != SandboxStatus.POOL_RETIRED;
            }
            (wanted ? kept : purged).add(directory);
        }
        for (String directory : purged) {
            delete(root.resolve(directory));
        }
        return new Report(purged, kept, undecided);
    }

    /** The names of the directories under one of the two roots, as 'conv.d/name'. */
    private List<String> children(String parent) {
        Path dir = root.resolve(parent);
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    names.add(parent + "/" + entry.getFileName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        names.sort(String::compareTo);
        return names;
    }

    /** Deletes a tree bottom-up without following links (walkFileTree does not follow them unless asked). */
    private static void delete(Path directory) {
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failed) throws IOException {
                    if (failed != null) {
                        throw failed;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot purge " + directory, e);
        }
    }
}
