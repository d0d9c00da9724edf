package dev.openhands.platform.main.doctor;

import java.util.Optional;

/**
 * One configured model, checked with a one-token Converse request.
 *
 * @param modelId   the id from the environment file
 * @param latencyMs how long the successful call took; empty when it failed or was not made
 * @param failure   why it failed; empty when it answered
 */
public record ModelCheck(String modelId, Optional<Long> latencyMs, Optional<Diagnosis> failure) {

    public boolean ok() {
        return failure.isEmpty();
    }
}
