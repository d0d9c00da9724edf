package dev.openhands.platform.sandbox.maintenance;

import dev.openhands.platform.sandbox.registry.SandboxRecord;
import dev.openhands.platform.sandbox.registry.SandboxStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The purge on a local directory laid out as the workspace root is (the mount path is a setting), against a registry
 * held in a map: it removes exactly the directories no record will mount again, and follows no link out of them.
 */
class WorkspacePurgeTest {

    private static final String SLOT_LIVE = "pool-00000000-0000-0000-0000-000000000001";
    private static final String SLOT_RETIRED = "pool-00000000-0000-0000-0000-000000000002";
    private static final String SLOT_CLAIMED = "pool-00000000-0000-0000-0000-000000000003";
    private static final String SLOT_ORPHANED = "pool-00000000-0000-0000-0000-000000000004";
    private static final String SLOT_EXPIRED = "pool-00000000-0000-0000-0000-000000000005";

    @TempDir
    Path root;

    @Test
    void removesOnlyWhatNoRecordWillMountAgainAndFollowsNoLink() throws IOException {
        Map<String, SandboxRecord> registry = new TreeMap<>();
        conversation(registry, "alive", "conv.d/alive-aaaaaaaaaaaa");
        conversation(registry, "reused", "conv.d/reused-bbbbbbbbbbbb");
        conversation(registry, "warm-one", "pool.d/" + SLOT_CLAIMED);
        slot(registry, SLOT_LIVE, SandboxStatus.POOL_WARM, null);
        slot(registry, SLOT_RETIRED, SandboxStatus.POOL_RETIRED, null);
        slot(registry, SLOT_CLAIMED, SandboxStatus.POOL_CLAIMED, "warm-one");
        slot(registry, SLOT_ORPHANED, SandboxStatus.POOL_CLAIMED, "deleted-warm");

        Path alive = workspace("conv.d/alive-aaaaaaaaaaaa");
        Path deleted = workspace("conv.d/gone-cccccccccccc");
        Path earlierReuse = workspace("conv.d/reused-dddddddddddd");
        Path currentReuse = workspace("conv.d/reused-bbbbbbbbbbbb");
        Path strange = workspace("conv.d/not_a_conversation");
        Path legacy = workspace("legacy-id");
        Path live = workspace("pool.d/" + SLOT_LIVE);
        Path retired = workspace("pool.d/" + SLOT_RETIRED);
        Path claimed = workspace("pool.d/" + SLOT_CLAIMED);
        Path orphaned = workspace("pool.d/" + SLOT_ORPHANED);
        Path expired = workspace("pool.d/" + SLOT_EXPIRED);
        // A sandbox plants links to another workspace in its own before it is deleted.
        Files.createSymbolicLink(deleted.resolve("other-workspace"), alive);
        Files.createSymbolicLink(deleted.resolve("other-file"), alive.resolve("notes.txt"));

        WorkspacePurge.Report report = new WorkspacePurge(root, id -> Optional.ofNullable(registry.get(id))).run();

        assertThat(report.purged()).containsExactly("conv.d/gone-cccccccccccc", "conv.d/reused-dddddddddddd",
            "pool.d/" + SLOT_RETIRED, "pool.d/" + SLOT_ORPHANED);
        assertThat(report.kept()).containsExactlyInAnyOrder("conv.d/alive-aaaaaaaaaaaa", "conv.d/reused-bbbbbbbbbbbb",
            "pool.d/" + SLOT_LIVE, "pool.d/" + SLOT_CLAIMED);
        assertThat(report.undecided()).containsExactlyInAnyOrder("conv.d/not_a_conversation", "pool.d/" + SLOT_EXPIRED);
        for (Path gone : new Path[] {deleted, earlierReuse, retired, orphaned}) {
            assertThat(gone).doesNotExist();
        }
        for (Path stays : new Path[] {alive, currentReuse, strange, legacy, live, claimed, expired}) {
            assertThat(stays.resolve("notes.txt")).hasContent("work");
        }
        assertThat(alive.resolve("src/main.py")).hasContent("print(1)");
    }

    @Test
    void anEmptyOrMissingRootIsNothingToDo() {
        WorkspacePurge.Report report = new WorkspacePurge(root.resolve("not-mounted"), id -> Optional.empty()).run();
        assertThat(report.purged()).isEmpty();
        assertThat(report.undecided()).isEmpty();
    }

    private Path workspace(String directory) throws IOException {
        Path dir = Files.createDirectories(root.resolve(directory));
        Files.writeString(dir.resolve("notes.txt"), "work");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/main.py"), "print(1)");
        return dir;
    }

    private static void conversation(Map<String, SandboxRecord> registry, String id, String directory) {
        registry.put(id, SandboxRecord.builder(id, SandboxStatus.STOPPED).workspaceDirectory(directory).build());
    }

    private static void slot(Map<String, SandboxRecord> registry, String name, SandboxStatus status, String link) {
        String id = SandboxRecord.SLOT_PREFIX + name;
        registry.put(id, SandboxRecord.builder(id, status).workspaceDirectory("pool.d/" + name).link(link).build());
    }
}
