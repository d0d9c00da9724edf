package dev.openhands.platform.sandbox.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.sandbox.registry.SandboxRecord;

/**
 * How a record looks to the OpenHands clients. {@code status} is what current V1 app servers read alone;
 * {@code pod_status} is what earlier V1 servers read first and what the older RemoteRuntime polls. Both say
 * "running"/"ready" only once the agent server answered; a paused or stopped runtime reports a pod status
 * outside every list those clients map to "starting" or "error".
 */
public final class RuntimeView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RuntimeView() {
    }

    public static String status(SandboxRecord record) {
        switch (record.status()) {
            case STARTING:
                return "starting";
            case RUNNING:
                return record.ready() ? "running" : "starting";
            case PAUSED:
                return "paused";
            case STOPPED:
                return "stopped";
            case ERROR:
                return "error";
            default:
                throw new IllegalArgumentException("not a conversation sandbox: " + record.id());
        }
    }

    public static String podStatus(SandboxRecord record) {
        switch (record.status()) {
            case STARTING:
                return record.taskIp() == null ? "pending" : "running";
            case RUNNING:
                return record.ready() ? "ready" : "running";
            case PAUSED:
                return "paused";
            case STOPPED:
                return "stopped";
            case ERROR:
                return "failed";
            default:
                throw new IllegalArgumentException("not a conversation sandbox: " + record.id());
        }
    }

    public static ObjectNode render(SandboxRecord record, String url) {
        ObjectNode node = JSON.createObjectNode();
        node.put("runtime_id", record.id());
        node.put("session_id", record.id());
        node.put("status", status(record));
        node.put("pod_status", podStatus(record));
        if (url != null) {
            node.put("url", url);
        } else {
            node.putNull("url");
        }
        node.put("session_api_key", record.sessionApiKey());
        node.putObject("work_hosts");
        node.put("restart_count", 0);
        node.putArray("restart_reasons");
        node.put("warm", record.warm());
        node.put("created_at", record.createdAt());
        node.put("last_activity", record.lastActivity());
        if (record.error() != null) {
            node.put("error", record.error());
        }
        return node;
    }
}
