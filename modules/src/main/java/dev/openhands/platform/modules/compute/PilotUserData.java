package dev.openhands.platform.modules.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.modules.egress.EgressProxyPolicy;
import dev.openhands.platform.modules.json.StableJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the pilot host's cloud-init user-data: a {@code #cloud-config} document that writes the host
 * set-up files and runs the bootstrap script. The scripts and units are static resources next to this class;
 * only {@code host.env} and a few templates carry per-environment values.
 */
public final class PilotUserData {

    /** EC2 refuses user-data above 16 KB (counted before base64, so after gzip when compressed). */
    public static final int MAX_BYTES = 16 * 1024;

    static final String RESOURCE_DIR = "pilothost/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");
    private static final int PROXY_PORT = EgressProxyPolicy.DEFAULT_PORT;
    private static final String PROXY_URL = "http://10.0.2.2:" + PROXY_PORT;
    private static final String PROXY_ACCESS_LOG = "/var/log/squid/access.log";
    /** First subordinate uid/gid of the app user; its range holds the app container's non-root users. */
    public static final int APP_FIRST_SUBID = 200_000;
    /** First subordinate uid/gid of the sandbox user; the host firewall treats the whole range as sandbox traffic. */
    public static final int SANDBOX_FIRST_SUBID = 300_000;
    /** Subordinate ids per user: one full 16-bit range, what rootless Podman expects. */
    public static final int SUBID_COUNT = 65_536;

    private PilotUserData() {
    }

    /** A file the user-data writes onto the host. */
    public record HostFile(String path, String permissions, String content) {
    }

    /** The files, in the order the user-data writes them. Exposed so tests can check each one on its own. */
    public static List<HostFile> hostFiles(PilotUserDataProps props) {
        boolean allowlist = props.egressMode() == EgressMode.ALLOWLIST;
        Map<String, String> values = new LinkedHashMap<>();
        values.put("APP_IMAGE", props.appImage());
        values.put("RUNTIME_IMAGE", props.runtimeImage());
        values.put("MODEL_ID", props.modelId());
        values.put("REGION", props.location().region());
        values.put("CONFIRMATION_MODE", Boolean.toString(props.confirmationMode()));
        values.put("SANDBOX_PROXY_ENV", allowlist ? pythonProxyEnv() : "{}");
        values.put("SANDBOX_ENV", allowlist ? tomlProxyEnv() : "[]");
        values.put("SANDBOX_SUBUIDS", SANDBOX_FIRST_SUBID + "-" + (SANDBOX_FIRST_SUBID + SUBID_COUNT - 1));

        List<HostFile> files = new ArrayList<>();
        files.add(new HostFile("/etc/openhands/host.env", "0644", hostEnv(props)));
        files.add(new HostFile("/etc/openhands/bootstrap.sh", "0755", withoutComments(resource("bootstrap.sh"))));
        files.add(new HostFile("/etc/openhands/registry-login.sh", "0755", withoutComments(resource("registry-login.sh"))));
        files.add(new HostFile("/etc/systemd/system/openhands-registry-login.service", "0644", resource("registry-login.service")));
        files.add(new HostFile("/etc/systemd/system/openhands-registry-login.timer", "0644", resource("registry-login.timer")));
        files.add(new HostFile("/etc/openhands/openhands.nft", "0644", withoutComments(fill(resource("openhands.nft"), values))));
        files.add(new HostFile("/etc/openhands/seccomp-sandbox.json", "0644", compactSeccompProfile()));
        files.add(new HostFile("/etc/openhands/sandbox-containers.conf", "0644", withoutComments(fill(resource("sandbox-containers.conf"), values))));
        files.add(new HostFile("/etc/openhands/sandbox-podman-socket.conf", "0644", withoutComments(resource("sandbox-podman-socket.conf"))));
        files.add(new HostFile("/etc/openhands/openhands-app.container", "0644", withoutComments(fill(resource("openhands-app.container"), values))));
        files.add(new HostFile("/etc/openhands/settings.json", "0600", settingsJson(props)));
        files.add(new HostFile("/etc/openhands/cloudwatch-agent.json", "0644", cloudWatchAgentConfig(props)));
        if (allowlist) {
            files.add(new HostFile("/etc/openhands/squid.conf", "0644", withoutComments(egressPolicy(props).squidConf())));
        }
        return List.copyOf(files);
    }

    /** The complete {@code #cloud-config} document. */
    public static String render(PilotUserDataProps props) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("#cloud-config\n");
        yaml.append("# OpenHands pilot host. Written by the compute module; every value is fixed at synth time.\n");
        yaml.append("ssh_pwauth: false\n");
        yaml.append("disable_root: true\n");
        yaml.append("package_update: false\n");
        yaml.append("write_files:\n");
        for (HostFile file : hostFiles(props)) {
            yaml.append("  - path: ").append(file.path()).append('\n');
            yaml.append("    owner: root:root\n");
            yaml.append("    permissions: '").append(file.permissions()).append("'\n");
            yaml.append("    content: |\n");
            for (String line : file.content().split("\n", -1)) {
                if (!line.isEmpty()) {
                    yaml.append("      ").append(line);
                }
                yaml.append('\n');
            }
        }
        yaml.append("runcmd:\n");
        yaml.append("  - [/bin/bash, /etc/openhands/bootstrap.sh]\n");
        return yaml.toString().replaceAll("\n{3,}", "\n\n");
    }

    /**
     * The document as EC2 receives it: gzip (cloud-init recognises the magic bytes), then base64. The
     * compressed form is deterministic, so an unchanged document never replaces the instance.
     *
     * @throws IllegalStateException when even the compressed document exceeds EC2's limit
     */
    public static String compressed(String document) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            gzip.write(document.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] gz = bytes.toByteArray();
        // GZIPOutputStream writes mtime 0 and OS 0xff (unknown): the same document gives the same bytes.
        if (gz.length > MAX_BYTES) {
            throw new IllegalStateException("pilot user-data is " + gz.length + " bytes compressed, above EC2's limit of " + MAX_BYTES);
        }
        return java.util.Base64.getEncoder().encodeToString(gz);
    }

    /**
     * The file without comment lines and blank lines: EC2's 16 KB user-data limit is tight, and the commented
     * originals live in the repository. The shebang and shellcheck directives stay.
     */
    static String withoutComments(String text) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].strip();
            boolean keep = !trimmed.isEmpty() && (!trimmed.startsWith("#") || (i == 0 && trimmed.startsWith("#!"))
                || trimmed.startsWith("# shellcheck"));
            if (keep) {
                out.append(lines[i]).append('\n');
            }
        }
        return out.toString();
    }

    /** The shipped seccomp profile as compact JSON without its explanatory comments. */
    static String compactSeccompProfile() {
        JsonNode profile = StableJson.read(resource("seccomp-sandbox.json"));
        ((ObjectNode) profile).remove("comment");
        profile.get("syscalls").forEach(rule -> ((ObjectNode) rule).remove("comment"));
        return StableJson.write(profile) + "\n";
    }

    /**
     * The host's squid: on loopback only, for the sandboxes' slirp4netns connections (they reach the host's loopback as
     * 10.0.2.2 and arrive from 127.0.0.1), logging where the CloudWatch agent collects it.
     */
    static EgressProxyPolicy egressPolicy(PilotUserDataProps props) {
        return EgressProxyPolicy.builder()
            .allowedHosts(props.allowedHosts())
            .listen("127.0.0.1", PROXY_PORT)
            .clientSources(List.of("127.0.0.1/32"))
            .accessLog(PROXY_ACCESS_LOG)
            .build();
    }

    private static String hostEnv(PilotUserDataProps props) {
        return "# Values of this environment, sourced by the host scripts.\n"
            + "AWS_REGION=" + props.location().region() + "\n"
            + "ECR_REGISTRY=" + props.registryHost() + "\n"
            + "APP_IMAGE=" + props.appImage() + "\n"
            + "RUNTIME_IMAGE=" + props.runtimeImage() + "\n"
            + "LOG_GROUP=" + props.logGroupName() + "\n"
            + "HOST_PROVISIONING=" + props.provisioning().name().toLowerCase().replace('_', '-') + "\n"
            + "EGRESS_MODE=" + props.egressMode().name().toLowerCase() + "\n"
            + "APP_FIRST_SUBID=" + APP_FIRST_SUBID + "\n"
            + "SANDBOX_FIRST_SUBID=" + SANDBOX_FIRST_SUBID + "\n"
            + "SUBID_COUNT=" + SUBID_COUNT + "\n";
    }

    private static String settingsJson(PilotUserDataProps props) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("llm_model", "bedrock/" + props.modelId());
        settings.put("confirmation_mode", props.confirmationMode());
        settings.put("agent", "CodeActAgent");
        settings.put("language", "en");
        return toJson(settings) + "\n";
    }

    private static String cloudWatchAgentConfig(PilotUserDataProps props) {
        List<Map<String, Object>> files = new ArrayList<>();
        files.add(logFile("/var/log/cloud-init-output.log", props.logGroupName(), "{instance_id}/cloud-init"));
        files.add(logFile("/var/log/syslog", props.logGroupName(), "{instance_id}/syslog"));
        if (props.egressMode() == EgressMode.ALLOWLIST) {
            files.add(logFile(PROXY_ACCESS_LOG, props.logGroupName(), "{instance_id}/egress-proxy"));
        }
        Map<String, Object> config = StableJson.object(
            "agent", StableJson.object("run_as_user", "root"),
            "logs", StableJson.object("logs_collected", StableJson.object("files", StableJson.object("collect_list", files))));
        return toJson(config) + "\n";
    }

    private static Map<String, Object> logFile(String path, String group, String stream) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file_path", path);
        m.put("log_group_name", group);
        m.put("log_stream_name", stream);
        return m;
    }

    /** OpenHands parses dict-valued settings with Python's literal_eval, so this is a Python dict literal. */
    private static String pythonProxyEnv() {
        return "{'HTTP_PROXY':'" + PROXY_URL + "','HTTPS_PROXY':'" + PROXY_URL + "','http_proxy':'" + PROXY_URL
            + "','https_proxy':'" + PROXY_URL + "','NO_PROXY':'localhost,127.0.0.1','no_proxy':'localhost,127.0.0.1'}";
    }

    private static String tomlProxyEnv() {
        return "[\"HTTP_PROXY=" + PROXY_URL + "\", \"HTTPS_PROXY=" + PROXY_URL + "\", \"http_proxy=" + PROXY_URL
            + "\", \"https_proxy=" + PROXY_URL + "\", \"NO_PROXY=localhost,127.0.0.1\", \"no_proxy=localhost,127.0.0.1\"]";
    }

    private static String toJson(Object value) {
        return StableJson.write(value);
    }

    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template placeholder {{" + m.group(1) + "}} has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A static host file shipped with this module, e.g. {@code seccomp-sandbox.json}. */
    public static String resource(String name) {
        try (InputStream in = PilotUserData.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing host resource " + RESOURCE_DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
