package dev.openhands.platform.sandbox.launch;

/**
 * What ECS says about one sandbox task.
 *
 * @param taskArn       the task
 * @param lastStatus    PROVISIONING, PENDING, RUNNING, DEPROVISIONING, STOPPED ...
 * @param privateIp     the task's address in the VPC, once attached
 * @param stoppedReason why ECS stopped it, if it did
 * @param startedAtMillis when ECS created the task (epoch milliseconds)
 * @param recordId      the registry item the orchestrator started it for, read from its environment override
 */
public record TaskState(String taskArn, String lastStatus, String privateIp, String stoppedReason,
                        long startedAtMillis, String recordId) {

    public boolean isRunning() {
        return "RUNNING".equals(lastStatus);
    }

    public boolean isStopped() {
        return "STOPPED".equals(lastStatus) || "DEPROVISIONING".equals(lastStatus) || "STOPPING".equals(lastStatus);
    }
}
