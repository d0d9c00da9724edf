package dev.openhands.platform.sandbox.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxStatusTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "STARTING, RUNNING, true", "STARTING, ERROR, true", "STARTING, PAUSED, true", "STARTING, STOPPED, true",
        "RUNNING, PAUSED, true", "RUNNING, STOPPED, true", "RUNNING, STARTING, false",
        "PAUSED, STARTING, true", "PAUSED, RUNNING, false", "PAUSED, STOPPED, true",
        "STOPPED, STARTING, true", "STOPPED, RUNNING, false", "STOPPED, PAUSED, false",
        "ERROR, STARTING, true", "ERROR, RUNNING, false",
        "POOL_WARMING, POOL_WARM, true", "POOL_WARMING, POOL_CLAIMED, false",
        "POOL_WARM, POOL_CLAIMED, true", "POOL_WARM, POOL_WARMING, false",
        "POOL_CLAIMED, POOL_WARM, false", "POOL_CLAIMED, POOL_CLAIMED, false", "POOL_RETIRED, POOL_WARM, false",
        "RUNNING, POOL_WARM, false", "POOL_WARM, RUNNING, false"})
    void transitions(SandboxStatus from, SandboxStatus to, boolean allowed) {
        assertThat(from.canBecome(to)).isEqualTo(allowed);
    }

    @Test
    void aClaimedSlotIsFinal() {
        for (SandboxStatus next : SandboxStatus.values()) {
            assertThat(SandboxStatus.POOL_CLAIMED.canBecome(next)).as("POOL_CLAIMED -> " + next).isFalse();
        }
    }

    @Test
    void slotStatusesOnlyFitSlotIds() {
        assertThatThrownBy(() -> SandboxRecord.builder("conversation-1", SandboxStatus.POOL_WARM).build())
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxRecord.builder(SandboxRecord.SLOT_PREFIX + "x", SandboxStatus.RUNNING).build())
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itemRoundTripKeepsEveryField() {
        SandboxRecord record = SandboxRecord.builder("conv-1", SandboxStatus.RUNNING).owner("alice").version(7)
            .taskArn("arn:aws:ecs:eu-west-1:1:task/c/1").taskIp("10.0.0.1").accessPointId("fsap-1").sessionApiKey("k")
            .createdAt(1).lastActivity(2).warm(true).link("pool#a").ready(true).error("e")
            .runAsUser(10001).runAsGroup(10002).expiresAt(99L).launch("{}").build();
        assertThat(SandboxRegistry.fromItem(SandboxRegistry.toItem(record))).isEqualTo(record);
    }
}
