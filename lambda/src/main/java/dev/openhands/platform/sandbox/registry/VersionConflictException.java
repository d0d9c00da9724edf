package dev.openhands.platform.sandbox.registry;

/** A conditional write lost: another request changed the item first. The caller re-reads and uses the winner. */
public final class VersionConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VersionConflictException(String id, long expectedVersion) {
        super("registry item " + id + " is no longer at version " + expectedVersion);
    }
}
