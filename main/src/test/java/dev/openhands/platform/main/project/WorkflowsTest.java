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
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("ci.yml", "plan.yml", "drift.yml", "deploy.yml");
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
        assertThat(uploadedArtifactNames(plan)).as("the plan the deploy compares with, keyed by pull request and head commit")
            .contains("reviewed-plan-${{ matrix.environment }}-pr${{ github.event.pull_request.number }}-${{ github.event.pull_request.head.sha }}");
    }

    @Test
    void thePlanCommentCarriesTheCostAndItsChangeAgainstTheBaseBranch() throws IOException {
        JsonNode plan = load("plan.yml");
        assertThat(uploadedArtifactNames(plan)).contains("cdktf-out", "cdktf-base");
        String build = plan.at("/jobs/build/steps").toString();
        assertThat(build).contains("github.event.pull_request.base.sha").contains("git worktree add --detach ../base");
        List<String> stepNames = new ArrayList<>();
        plan.at("/jobs/plan/steps").forEach(step -> stepNames.add(step.path("name").asText()));
        int review = stepNames.indexOf("Review");
        int cost = stepNames.indexOf("Cost at zero use, and its change");
        int comment = stepNames.indexOf("Comment on the pull request");
        assertThat(review).isNotNegative();
        assertThat(cost).as("cost runs after the review and before the comment is written").isGreaterThan(review).isLessThan(comment);
        String run = stepNamed(plan.at("/jobs/plan"), "Cost at zero use, and its change").path("run").asText();
        assertThat(run).contains("bin/openhands cost \"${{ matrix.environment }}\" --synth-dir cdktf.out --baseline cdktf.base --format markdown")
            .contains(">> review.md");
    }

    @Test
    void deployAppliesOnlyTheReviewedPlanOncePerEnvironmentBehindItsGate() throws IOException {
        JsonNode deploy = load("deploy.yml");
        assertThat(triggers(deploy).at("/push/branches").toString()).isEqualTo("[\"main\"]");
        assertThat(triggers(deploy).at("/workflow_dispatch/inputs/pull-request/required").asBoolean()).isTrue();

        JsonNode build = deploy.at("/jobs/build");
        JsonNode list = stepNamed(build, "List environments whose stack changed");
        String planList = stepWithId(load("plan.yml").at("/jobs/build"), "list").path("run").asText();
        String environmentFiles = squeeze(planList.substring(planList.indexOf("find environments"), planList.indexOf("| jq")));
        assertThat(squeeze(list.path("run").asText())).as("the plan workflow's list of environments, kept to those whose stack changed")
            .contains(environmentFiles + " | while read -r env; do")
            .contains("diff -rq \"cdktf.before/stacks/$env\" \"cdktf.out/stacks/$env\" > /dev/null 2>&1 || echo \"$env\"");
        assertThat(String.join("\n", runs(deploy))).contains("bin/openhands synth -o \"$GITHUB_WORKSPACE/cdktf.before\"");

        JsonNode job = deploy.at("/jobs/deploy");
        assertThat(job.at("/strategy/matrix/environment").asText()).isEqualTo("${{ fromJSON(needs.build.outputs.environments) }}");
        assertThat(job.path("if").asText()).contains("needs.build.outputs.environments != '[]'");
        assertThat(job.path("environment").asText()).as("the GitHub environment gates the job").isEqualTo("${{ matrix.environment }}");
        assertThat(job.at("/concurrency/group").asText()).isEqualTo("deploy-${{ matrix.environment }}");
        assertThat(job.at("/concurrency/cancel-in-progress").asBoolean(true)).as("a running apply is never cancelled").isFalse();
        assertThat(job.at("/permissions/id-token").asText()).isEqualTo("write");
        assertThat(job.at("/permissions/actions").asText()).as("reads the plan workflow's artifact").isEqualTo("read");
        assertThat(job.at("/permissions/pull-requests").asText()).isEqualTo("write");
        assertThat(job.at("/permissions/contents").asText()).isEqualTo("read");
        assertThat(deploy.at("/defaults/run/shell").asText()).as("bash -eo pipefail: a failed plan piped to tee fails").isEqualTo("bash");

        List<String> steps = new ArrayList<>();
        job.path("steps").forEach(step -> steps.add(step.has("name") ? step.get("name").asText() : step.path("uses").asText()));
        JsonNode find = stepNamed(job, "Find the plan reviewed on the merged pull request");
        assertThat(find.at("/with/script").asText()).contains("listPullRequestsAssociatedWithCommit")
            .contains("reviewed-plan-${env}-pr${pr.number}-${pr.head.sha}").contains("'allow-data-loss'");
        JsonNode download = job.path("steps").get(steps.indexOf(find.path("name").asText()) + 1);
        assertThat(download.path("uses").asText()).startsWith("actions/download-artifact@");
        assertThat(download.at("/with/run-id").asText()).isEqualTo("${{ steps.reviewed.outputs.run-id }}");
        assertThat(download.at("/with/path").asText()).isEqualTo("reviewed/");
        JsonNode credentials = job.path("steps").get(steps.indexOf("aws-actions/configure-aws-credentials@v4"));
        assertThat(credentials.at("/with/role-to-assume").asText()).isEqualTo("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
        assertThat(stepNamed(job, "Plan").path("run").asText()).contains("terraform plan -input=false -no-color -out=plan.tfplan")
            .contains("terraform show -json plan.tfplan > plan.json");
        JsonNode compare = stepNamed(job, "Refuse a plan that is not the reviewed one");
        assertThat(compare.path("run").asText()).contains("bin/openhands plan-compare reviewed/plan.json")
            .contains("/plan.json\"");
        assertThat(compare.has("continue-on-error")).isFalse();
        JsonNode apply = stepNamed(job, "Apply the reviewed plan, then settle");
        assertThat(apply.path("run").asText()).contains("bin/openhands deploy").contains("--plan \"cdktf.out/stacks/${{ matrix.environment }}/plan.tfplan\"")
            .contains("--auto-approve").contains("(--allow-data-loss)");
        assertThat(apply.at("/env/ALLOW_DATA_LOSS").asText()).isEqualTo("${{ steps.reviewed.outputs.allow-data-loss }}");
        assertThat(steps).containsSubsequence("Find the plan reviewed on the merged pull request", "Plan",
            "Refuse a plan that is not the reviewed one", "Apply the reviewed plan, then settle", "Post the outcome");
        JsonNode post = stepNamed(job, "Post the outcome");
        assertThat(post.path("if").asText()).isEqualTo("always()");
        assertThat(post.at("/with/script").asText()).contains("core.summary").contains("issues.createComment")
            .contains("compare.md").contains("outcome.md");
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

    private static String squeeze(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static JsonNode stepNamed(JsonNode job, String name) {
        for (JsonNode step : job.path("steps")) {
            if (step.path("name").asText().equals(name)) {
                return step;
            }
        }
        throw new AssertionError("no step named " + name + " in " + job);
    }

    private static JsonNode stepWithId(JsonNode job, String id) {
        for (JsonNode step : job.path("steps")) {
            if (step.path("id").asText().equals(id)) {
                return step;
            }
        }
        throw new AssertionError("no step with id " + id + " in " + job);
    }

    private static List<String> uploadedArtifactNames(JsonNode workflow) {
        List<String> out = new ArrayList<>();
        workflow.path("jobs").forEach(job -> job.path("steps").forEach(step -> {
            if (step.path("uses").asText().startsWith("actions/upload-artifact@")) {
                out.add(step.at("/with/name").asText());
            }
        }));
        return out;
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
