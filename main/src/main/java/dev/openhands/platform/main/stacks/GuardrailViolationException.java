package dev.openhands.platform.main.stacks;

import dev.openhands.platform.modules.guardrails.Finding;

import java.util.List;
import java.util.stream.Collectors;

/** Synthesized resources broke guard-rails; nothing was written. */
public class GuardrailViolationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Finding> findings;

    public GuardrailViolationException(List<Finding> findings) {
        super("guard-rails refused the stacks (" + findings.size() + " finding" + (findings.size() == 1 ? "" : "s")
            + "; see docs/guardrails.md; nothing was written):\n"
            + findings.stream().map(f -> "  " + f).collect(Collectors.joining("\n")));
        this.findings = List.copyOf(findings);
    }

    public List<Finding> findings() {
        return findings;
    }
}
