package dev.openhands.platform.main.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.main.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The data section of ecs-fargate environments. */
class DataConfigTest {

    @TempDir
    Path dir;

    private ObjectNode staging() throws IOException {
        return ConfigProblems.bundled("staging");
    }

    private EnvironmentConfig load(Consumer<ObjectNode> edit) throws IOException {
        return ConfigProblems.loaded(dir, "staging", edit);
    }

    private ConfigProblem onlyProblem(Consumer<ObjectNode> edit) throws IOException {
        return ConfigProblems.only(dir, "staging", edit);
    }

    /**
     * staging.json turned production, with what else production requires of it (endpoints in every zone, RDS Proxy, a
     * NAT gateway, two proxy tasks, no office hours).
     */
    private static void asProduction(ObjectNode doc) {
        doc.put("production", true);
        doc.remove("schedule");
        ((ObjectNode) doc.get("network")).remove("endpointZones");
        // and a NAT gateway and two egress proxy tasks (staging leaves through a NAT instance and one task)
        ((ObjectNode) doc.get("network")).remove("nat");
        ((ObjectNode) doc.with("egress").with("proxy")).put("desiredCount", 2);
        if (doc.get("data") instanceof ObjectNode data) {
            data.remove("proxy");
        }
    }

    private static ObjectNode aurora(ObjectNode doc) {
        return (ObjectNode) doc.with("data").with("aurora");
    }

    @Test
    void bundledStagingScalesToZeroWithExplicitlyRelaxedProtection() throws IOException {
        EnvironmentConfig staging = EnvironmentLoader.load(ProjectFiles.environments(), List.of("staging")).get(0);
        EnvironmentConfig.Data data = staging.data().orElseThrow();
        assertThat(data.minAcu()).isZero();
        assertThat(data.autoPauseSeconds()).contains(900);
        assertThat(data.protection().deletionProtection()).isFalse();
        EnvironmentConfig prod = EnvironmentLoader.load(ProjectFiles.environments(), List.of("prod")).get(0);
        assertThat(prod.production()).isTrue();
        assertThat(prod.data().orElseThrow().protection()).isEqualTo(dev.openhands.platform.modules.data.DataProtection.PRODUCTION);
        assertThat(prod.data().orElseThrow().backupRetentionDays()).isEqualTo(35);
        assertThat(prod.data().orElseThrow().autoPauseSeconds()).isEmpty();
    }

    @Test
    void defaultsProtectEverythingAndScaleToZeroOutsideProduction() throws IOException {
        EnvironmentConfig config = load(doc -> doc.set("data", doc.objectNode()));
        EnvironmentConfig.Data data = config.data().orElseThrow();
        assertThat(data.protection()).isEqualTo(dev.openhands.platform.modules.data.DataProtection.PRODUCTION);
        assertThat(data.minAcu()).isZero();
        assertThat(data.backupRetentionDays()).isEqualTo(7);
        assertThat(data.engineVersion()).isEqualTo("16.6");
    }

    @Test
    void maxBelowMin() throws IOException {
        ConfigProblem p = onlyProblem(doc -> aurora(doc).put("minAcu", 4).put("maxAcu", 2).remove("autoPauseSeconds"));
        assertThat(p.path()).isEqualTo("data.aurora.maxAcu");
        assertThat(p.message()).contains("below minAcu 4.0");
    }

    @Test
    void minZeroInProduction() throws IOException {
        ConfigProblem p = onlyProblem(doc -> {
            asProduction(doc);
            doc.remove("data");
            aurora(doc).put("minAcu", 0);
        });
        assertThat(p.path()).isEqualTo("data.aurora.minAcu");
        assertThat(p.message()).contains("may not scale to zero");
        assertThat(p.fix()).contains("0.5");
    }

    @Test
    void retentionOutsideOneToThirtyFive() throws IOException {
        for (int days : new int[] {0, 36}) {
            ConfigProblem p = onlyProblem(doc -> aurora(doc).put("backupRetentionDays", days));
            assertThat(p.path()).isEqualTo("data.aurora.backupRetentionDays");
            assertThat(p.fix()).contains("from 1 to 35");
        }
    }

    @Test
    void engineVersionThatIsNotPostgres() throws IOException {
        ConfigProblem p = onlyProblem(doc -> aurora(doc).put("engineVersion", "8.0.mysql_aurora.3.05.2"));
        assertThat(p.path()).isEqualTo("data.aurora.engineVersion");
        assertThat(p.fix()).contains("PostgreSQL only");
    }

    @Test
    void productionMayNotRelaxProtection() throws IOException {
        ConfigProblem p = onlyProblem(doc -> {
            asProduction(doc);
            aurora(doc).put("minAcu", 0.5).remove("autoPauseSeconds");
            ((ObjectNode) doc.get("data").get("protection")).removeAll().put("finalSnapshot", false);
        });
        assertThat(p.path()).isEqualTo("data.protection.finalSnapshot");
    }

    @Test
    void capacityInHalves() throws IOException {
        ConfigProblem p = onlyProblem(doc -> aurora(doc).put("maxAcu", 4.25));
        assertThat(p.path()).isEqualTo("data.aurora.maxAcu");
        assertThat(p.message()).contains("multiple of 0.5");
    }

    @Test
    void platformsGetTheirOwnSections() throws IOException {
        ConfigProblem p = onlyProblem(doc -> doc.remove("data"));
        assertThat(p.path()).isEqualTo("data");
        ConfigProblem q = onlyProblem(doc -> {
            doc.put("platform", "ec2-pilot");
            doc.remove("sandbox");
            doc.remove("frontDoor");
            doc.remove("app");
            // the baked-image pilot without an internet path (staging's allow-list and NAT are ecs-fargate's)
            doc.putObject("egress").put("mode", "none");
            ((ObjectNode) doc.get("network")).remove(List.of("nat", "publicSubnetCidrs"));
            doc.putObject("pilot").put("hostProvisioning", "baked-image")
                .putObject("ami").put("id", "ami-0123456789abcdef0").put("architecture", "arm64");
        });
        assertThat(q.path()).isEqualTo("data");
        assertThat(q.message()).contains("keeps its data on the host");
    }
}
