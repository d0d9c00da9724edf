package dev.openhands.platform.main.doctor;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code doctor} found: whose credentials, whether they belong to the environment's account, and each model.
 *
 * @param identityFailure why the caller could not be confirmed (the models are then not called)
 */
public record PreflightReport(String environment, String accountId, String region, Optional<String> caller,
                              Optional<String> workloadRole, Optional<Diagnosis> identityFailure, List<ModelCheck> models) {

    public PreflightReport {
        models = List.copyOf(models);
    }

    public boolean passed() {
        return identityFailure.isEmpty() && !models.isEmpty() && models.stream().allMatch(ModelCheck::ok);
    }

    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "doctor %s: account %s, region %s%n", environment, accountId, region));
        out.append(String.format(Locale.ROOT, "  caller  %s%n", caller.orElse("(unknown)")));
        workloadRole.ifPresent(role -> out.append(String.format(Locale.ROOT, "  as      %s%n", role)));
        identityFailure.ifPresent(d -> out.append(String.format(Locale.ROOT, "  FAIL    %s%n          Fix: %s%n", d.cause(), d.fix())));
        int width = Math.max(5, models.stream().mapToInt(m -> m.modelId().length()).max().orElse(5));
        out.append(String.format(Locale.ROOT, "%n%-" + width + "s  %-6s  %s%n", "model", "result", "latency"));
        for (ModelCheck m : models) {
            if (m.ok()) {
                out.append(String.format(Locale.ROOT, "%-" + width + "s  %-6s  %d ms%n", m.modelId(), "OK", m.latencyMs().orElse(0L)));
            } else {
                Diagnosis d = m.failure().get();
                out.append(String.format(Locale.ROOT, "%-" + width + "s  %-6s  -%n%" + width + "s    %s%n%" + width + "s    Fix: %s%n",
                    m.modelId(), "FAIL", "", d.cause(), "", d.fix()));
            }
        }
        out.append(String.format(Locale.ROOT, "%n%s%n", passed() ? "All checks passed." : "Some checks failed: fix them before deploying."));
        return out.toString();
    }
}
