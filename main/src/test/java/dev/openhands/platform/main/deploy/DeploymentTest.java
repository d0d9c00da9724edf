package dev.openhands.platform.main.deploy;

import dev.openhands.platform.main.review.DriftReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a deploy says when an apply fails, by what Terraform printed; the emulator test drives a real failure. */
class DeploymentTest {

    @Test
    void aFailedApplySaysTheLockIsReleasedAndHowToGoOn() {
        String message = Deployment.failedApply("prod", "Error: creating EC2 Instance: InsufficientInstanceCapacity\n");
        assertThat(message).isEqualTo("terraform apply failed for prod. Terraform released the state lock as it stopped."
            + " What it created or changed before the error is recorded in the state; nothing was rolled back. Fix the cause,"
            + " then deploy again: a new plan holds only what is left. See docs/operations.md, \"When an apply fails\".");
    }

    @Test
    void aLockTerraformCouldNotReleaseIsNamedWithItsId() {
        String output = """
            Error: creating EC2 Instance: RequestLimitExceeded

            Error releasing the state lock

            Error message: operation error S3: DeleteObject, https response error StatusCode: 503
            Lock Info:
              ID:        6a1bdc53-1f2e-4c0c-a5d1-0c0bd1f0f9a1
              Path:      openhands-tfstate-123456789012/openhands/prod/terraform.tfstate
              Operation: OperationTypeApply
            """;
        assertThat(Deployment.failedApply("prod", output))
            .contains("Terraform could not release the state lock (ID 6a1bdc53-1f2e-4c0c-a5d1-0c0bd1f0f9a1)")
            .contains("terraform force-unlock").contains("When an apply fails").doesNotContain("released the state lock as");
    }

    @Test
    void anApplyThatFoundTheLockTakenAppliedNothing() {
        assertThat(Deployment.failedApply("prod", "Error: Error acquiring the state lock\n\nLock Info:\n  ID: abc\n"))
            .startsWith("another run holds the state lock of prod: nothing was applied.");
    }

    @Test
    void theOutcomeOfAFailureShowsTheEndOfTerraformsOutput() {
        String output = IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        DeployOutcome failed = DeployOutcome.failed("prod", null, null,
            new Deployment.DeployFailed("terraform apply failed for prod.", output, true));
        String md = failed.toMarkdown();
        assertThat(md).startsWith("## Deploy `prod`: FAILED\n\nterraform apply failed for prod.\n")
            .contains("Terraform's output (last 40 lines)").contains("line 61\n").contains("line 100\n```")
            .doesNotContain("line 60\n");
        assertThat(failed.summary()).isEqualTo("prod: FAILED: terraform apply failed for prod.");

        DeployOutcome applied = DeployOutcome.applied("prod", null, new Deployment.Applied(3, 1, 0, Duration.ofSeconds(42)),
            new DriftReport("prod", List.of()));
        assertThat(applied.summary()).isEqualTo("prod: applied (3 added, 1 changed, 0 destroyed) in 42 s and settled (nothing to record)");
        assertThat(applied.toMarkdown()).contains("Applied: 3 added, 1 changed, 0 destroyed in 42 s.")
            .contains("Settled: the refresh-only apply found nothing more to record.");
    }
}
