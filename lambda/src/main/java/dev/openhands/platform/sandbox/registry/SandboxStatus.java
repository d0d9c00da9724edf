package dev.openhands.platform.sandbox.registry;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of one registry item. Conversation sandboxes move between the first five states; warm-pool slots use
 * the POOL_ ones. Every change is a conditional write on the item's version, so {@link #canBecome} is the whole
 * state machine and the registry refuses anything else.
 */
public enum SandboxStatus {
    STARTING, RUNNING, PAUSED, STOPPED, ERROR,
    POOL_WARMING, POOL_WARM, POOL_CLAIMED, POOL_RETIRED;

    /** States in which a conversation's task is (or is about to be) running in ECS. */
    public static final Set<SandboxStatus> LIVE = EnumSet.of(STARTING, RUNNING);
    /** Slot states whose task is running and waiting for a conversation. */
    public static final Set<SandboxStatus> POOL_LIVE = EnumSet.of(POOL_WARMING, POOL_WARM);

    public boolean canBecome(SandboxStatus next) {
        switch (this) {
            case STARTING:
                return next == RUNNING || next == PAUSED || next == STOPPED || next == ERROR || next == STARTING;
            case RUNNING:
                return next == RUNNING || next == PAUSED || next == STOPPED || next == ERROR;
            case PAUSED:
            case STOPPED:
            case ERROR:
                return next == STARTING || next == STOPPED;
            case POOL_WARMING:
                return next == POOL_WARM || next == POOL_RETIRED || next == POOL_WARMING;
            case POOL_WARM:
                return next == POOL_CLAIMED || next == POOL_RETIRED;
            case POOL_CLAIMED:
            case POOL_RETIRED:
                return false;
            default:
                throw new IllegalStateException("unhandled status " + this);
        }
    }

    public boolean isSlot() {
        return name().startsWith("POOL_");
    }
}
