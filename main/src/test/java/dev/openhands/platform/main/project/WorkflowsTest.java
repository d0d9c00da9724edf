package dev.openhands.platform.main.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.openhands.platform.main.ProjectFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The GitHub workflows parse, grant every job explicit permissions, pin every action, and run what they claim. */
class WorkflowsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Path workflows() {
        return ProjectFiles.root().resolve(".github/workflows");
    }

    static JsonNode load(String name) throws IOException {
        return YAML.readTree(workflows().resolve(name).toFile());
    }

    /** YAML 1.1 reads the key {@code on} as the boolean true. */
    static JsonNode triggers(JsonNode workflow) {
        return workflow.has("on") ? workflow.get("on") : workflow.get("true");
    }

    @Test
    void everyWorkflowParsesAndEveryJobHasPermissionsAndPinnedActions() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(workflows())) {
            files = list.filter(p -> p.toString().endsWith(".yml")).toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("ci.yml", "plan.yml", "drift.yml");
        for (Path file : files) {
            JsonNode workflow = YAML.readTree(file.toFile());
            assertThat(workflow.path("name").asText()).as(file + " name").isNotBlank();
            assertThat(triggers(workflow)).as(file + " triggers").isNotNull();
            Iterator<Map.Entry<String, JsonNode>> jobs = workflow.path("jobs").fields();
            assertThat(jobs.hasNext()).isTrue();
            while (jobs.hasNext()) {
                Map.Entry<String, JsonNode> job = jobs.next();
                String where = file.getFileName() + " job " + job.getKey();
                assertThat(job.getValue().has("permissions")).as(where + " declares permissions").isTrue();
                assertThat(job.getValue().has("timeout-minutes")).as(where + " has a timeout").isTrue();
                for (JsonNode step : job.getValue().path("steps")) {
                    if (step.has("uses")) {
                        assertThat(step.get("uses").asText()).as(where)
                            .matches("^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@(v\\d+(\\.\\d+){0,2}|[0-9a-f]{40})$");
                    }
                }
            }
        }
    }

    @Test
    void ciRunsTheReadmeTestCommand() throws IOException {
        String readme = Files.readString(ProjectFiles.root().resolve("README.md"));
        assertThat(readme).contains("bash scripts/test.sh");
        assertThat(Files.readString(ProjectFiles.root().resolve(".ci/run"))).contains("bash scripts/test.sh");
        assertThat(runs(load("ci.yml"))).contains("bash scripts/test.sh");
    }

    @Test
    void planReviewsEveryEnvironmentOnPullRequests() throws IOException {
        JsonNode plan = load("plan.yml");
        assertThat(triggers(plan).has("pull_request")).isTrue();
        JsonNode job = plan.at("/jobs/plan");
        assertThat(job.at("/strategy/matrix/environment").asText()).contains("fromJSON");
        assertThat(job.at("/permissions/id-token").asText()).isEqualTo("write");
        assertThat(job.at("/permissions/pull-requests").asText()).isEqualTo("write");
        assertThat(String.join("\n", runs(plan))).contains("terraform show -json plan.tfplan > plan.json")
            .contains("bin/openhands plan-review").contains("--fail-on-data-loss");
        assertThat(plan.toString()).contains("openhands-plan:").contains("upload-artifact");
    }

    @Test
    void driftRunsNightlyPerEnvironmentAndManagesIssues() throws IOException {
        JsonNode drift = load("drift.yml");
        assertThat(triggers(drift).path("schedule").get(0).path("cron").asText()).matches("^\\S+ \\S+ \\* \\* \\*$");
        JsonNode job = drift.at("/jobs/drift");
        assertThat(job.at("/permissions/issues").asText()).isEqualTo("write");
        assertThat(job.at("/permissions/id-token").asText()).isEqualTo("write");
        assertThat(job.at("/permissions/contents").asText()).isEqualTo("read");
        assertThat(String.join("\n", runs(drift))).contains("bin/openhands drift");
        assertThat(drift.toString()).contains("issues.create").contains("state: 'closed'").contains("AWS_DRIFT_ROLE_ARN");
    }

    private static List<String> runs(JsonNode workflow) {
        List<String> out = new ArrayList<>();
        workflow.path("jobs").forEach(job -> job.path("steps").forEach(step -> {
            if (step.has("run")) {
                out.add(step.get("run").asText());
            }
        }));
        return out;
    }
}
