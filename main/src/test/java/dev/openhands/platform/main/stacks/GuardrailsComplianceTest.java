package dev.openhands.platform.main.stacks;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.Testing;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.modules.guardrails.Guardrails;
import dev.openhands.platform.modules.guardrails.Rule;
import dev.openhands.platform.modules.guardrails.SecurityRules;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GuardrailsComplianceTest {

    @Test
    void everyBundledEnvironmentPassesWithoutExceptions() {
        for (EnvironmentConfig env : EnvironmentLoader.load(ProjectFiles.environments(), List.of())) {
            App app = Testing.app();
            Guardrails guardrails = Guardrails.secureDefaults();
            // Each finished stack's configuration in one request (the synth reads the same from its staged files).
            guardrails.check(PlatformApp.stackFor(app, env));
            assertThat(guardrails.findings()).as(env.name()).isEmpty();
            assertThat(guardrails.suppressedFindings()).as(env.name()).isEmpty();
        }
    }

    @Test
    void everyRuleIsDocumented() throws Exception {
        String docs = Files.readString(ProjectFiles.root().resolve("docs/guardrails.md"));
        for (Rule rule : SecurityRules.ALL) {
            assertThat(docs).contains("| " + rule.id() + " | " + rule.description() + " |");
        }
    }
}
