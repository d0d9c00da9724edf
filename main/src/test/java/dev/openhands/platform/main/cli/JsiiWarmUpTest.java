package dev.openhands.platform.main.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsiiWarmUpTest {

    @AfterEach
    void nothingLeftUnclaimed() {
        JsiiWarmUp.settleUnclaimed();
    }

    @Test
    void synthClaimsTheEngineStartedBeforeTheCommandLineWasParsed() {
        JsiiWarmUp.startEarly();
        JsiiWarmUp claimed = JsiiWarmUp.claim();
        claimed.await();

        JsiiWarmUp later = JsiiWarmUp.claim();
        assertThat(later).as("an early start is claimed once; the next command starts its own").isNotSameAs(claimed);
        later.await();
    }

    @Test
    void aSecondEarlyStartKeepsTheFirst() {
        JsiiWarmUp.startEarly();
        JsiiWarmUp.startEarly();
        JsiiWarmUp first = JsiiWarmUp.claim();
        assertThat(JsiiWarmUp.claim()).isNotSameAs(first);
        first.await();
    }

    @Test
    void settlingWithoutAnEarlyStartDoesNothing() {
        JsiiWarmUp.settleUnclaimed();
        JsiiWarmUp.settleUnclaimed();
    }
}
