package dev.openhands.platform.modules.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.modules.ExternalTool;
import dev.openhands.platform.modules.iam.AwsLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PilotUserDataTest {

    static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    static final AwsLocation LOCATION = new AwsLocation("123456789012", "eu-west-1");

    static PilotUserDataProps props(EgressMode egress, HostProvisioning provisioning) {
        return PilotUserDataProps.builder()
            .location(LOCATION)
            .appImage(REGISTRY + "/openhands-pilot/openhands:0.62")
            .runtimeImage(REGISTRY + "/openhands-pilot/runtime:0.62-nikolaik")
            .modelId("eu.anthropic.claude-sonnet-4-20250514-v1:0")
            .confirmationMode(true)
            .logGroupName("/openhands/openhands-pilot/host")
            .provisioning(provisioning)
            .egressMode(egress)
            .allowedHosts(egress == EgressMode.ALLOWLIST ? List.of("pypi.org", ".github.com") : List.of())
            .build();
    }

    /** Valid but for the egress and provisioning each case sets. */
    private static PilotUserDataProps.Builder small() {
        return PilotUserDataProps.builder().location(LOCATION).appImage(REGISTRY + "/a:1").runtimeImage(REGISTRY + "/b:1")
            .modelId("a.b-v1").confirmationMode(true).logGroupName("/g");
    }

    static String file(PilotUserDataProps props, String path) {
        return PilotUserData.hostFiles(props).stream().filter(f -> f.path().equals(path)).findFirst()
            .orElseThrow(() -> new AssertionError("no host file " + path)).content();
    }

    @BeforeAll
    static void toolsPresent() {
        ExternalTool.require("cloud-init", "apt-get install -y cloud-init");
        ExternalTool.require("shellcheck", "apt-get install -y shellcheck");
    }

    @Test
    void everyVariantPassesTheCloudInitSchema(@TempDir Path dir) throws IOException {
        for (PilotUserDataProps variant : List.of(props(EgressMode.ALLOWLIST, HostProvisioning.PACKAGES),
            props(EgressMode.NONE, HostProvisioning.BAKED_IMAGE))) {
            Path file = dir.resolve("user-data-" + variant.egressMode() + ".yaml");
            Files.writeString(file, PilotUserData.render(variant));
            ExternalTool.Result result = ExternalTool.run(List.of("cloud-init", "schema", "--config-file", file.toString()), dir);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("Valid");
        }
        // The validator really checks: a document with an unknown write_files key is refused.
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "#cloud-config\nwrite_files:\n  - path: /etc/x\n    contents: oops\n");
        assertThat(ExternalTool.run(List.of("cloud-init", "schema", "--config-file", broken.toString()), dir).exitCode()).isNotZero();
    }

    @Test
    void theHostScriptsPassShellcheckAsRenderedAndAsShipped(@TempDir Path dir) throws IOException {
        PilotUserDataProps props = props(EgressMode.ALLOWLIST, HostProvisioning.PACKAGES);
        List<String> command = new ArrayList<>(List.of("shellcheck", "--shell=bash", "--severity=style"));
        for (String path : List.of("/etc/openhands/bootstrap.sh", "/etc/openhands/registry-login.sh")) {
            Path rendered = dir.resolve("rendered-" + Path.of(path).getFileName());
            Files.writeString(rendered, file(props, path));
            command.add(rendered.toString());
        }
        for (String name : List.of("bootstrap.sh", "registry-login.sh")) {
            Path shipped = dir.resolve("shipped-" + name);
            Files.writeString(shipped, PilotUserData.resource(name));
            command.add(shipped.toString());
        }
        ExternalTool.Result result = ExternalTool.run(command, dir);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void theCompressedUserDataFitsEc2AndIsDeterministic() throws IOException {
        String document = PilotUserData.render(props(EgressMode.ALLOWLIST, HostProvisioning.PACKAGES));
        String once = PilotUserData.compressed(document);
        assertThat(PilotUserData.compressed(document)).isEqualTo(once);
        byte[] gz = Base64.getDecoder().decode(once);
        assertThat(gz.length).isLessThanOrEqualTo(PilotUserData.MAX_BYTES);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(document);
        }
        assertThat(document).startsWith("#cloud-config\n");
        assertThatThrownBy(() -> PilotUserData.compressed(randomText(40_000))).hasMessageContaining("above EC2's limit");
    }

    private static String randomText(int length) {
        java.util.Random random = new java.util.Random(7);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) ('!' + random.nextInt(90)));
        }
        return out.toString();
    }

    @Test
    void theSeccompProfileDeniesTheEscapeSyscalls() throws IOException {
        JsonNode shipped = JSON.readTree(PilotUserData.resource("seccomp-sandbox.json"));
        JsonNode onHost = JSON.readTree(file(props(EgressMode.NONE, HostProvisioning.BAKED_IMAGE), "/etc/openhands/seccomp-sandbox.json"));
        for (JsonNode profile : List.of(shipped, onHost)) {
            Set<String> unconditionallyDenied = new HashSet<>();
            boolean unshareNewUserDenied = false;
            for (JsonNode rule : profile.get("syscalls")) {
                assertThat(rule.get("action").asText()).isEqualTo("SCMP_ACT_ERRNO");
                if (!rule.has("args")) {
                    rule.get("names").forEach(n -> unconditionallyDenied.add(n.asText()));
                    continue;
                }
                boolean names = false;
                for (JsonNode n : rule.get("names")) {
                    names |= n.asText().equals("unshare");
                }
                JsonNode arg = rule.get("args").get(0);
                if (names && arg.get("op").asText().equals("SCMP_CMP_MASKED_EQ") && arg.get("value").asLong() == 0x10000000L
                    && arg.get("valueTwo").asLong() == 0x10000000L && arg.get("index").asInt() == 0) {
                    unshareNewUserDenied = true;
                }
            }
            assertThat(unconditionallyDenied).contains("mount", "ptrace", "kexec_load", "bpf", "keyctl", "add_key",
                "init_module", "finit_module", "setns", "open_by_handle_at", "io_uring_setup", "io_uring_enter", "io_uring_register");
            assertThat(unshareNewUserDenied).as("unshare(CLONE_NEWUSER) is denied").isTrue();
            assertThat(profile.get("defaultAction").asText()).isEqualTo("SCMP_ACT_ALLOW");
            assertThat(profile.get("architectures").toString()).contains("SCMP_ARCH_AARCH64", "SCMP_ARCH_X86_64");
        }
        assertThat(onHost.toString()).doesNotContain("comment");
    }

    @Test
    void sandboxesAreConfinedByTheirOwnUser() {
        PilotUserDataProps props = props(EgressMode.ALLOWLIST, HostProvisioning.PACKAGES);
        String containers = file(props, "/etc/openhands/sandbox-containers.conf");
        assertThat(containers).contains("seccomp_profile = \"/etc/openhands/seccomp-sandbox.json\"")
            .contains("HTTPS_PROXY=http://10.0.2.2:3128").contains("allow_host_loopback=true");
        String nft = file(props, "/etc/openhands/openhands.nft");
        assertThat(nft).contains("meta skuid \"ohsandbox\" jump sandbox_egress")
            .contains("ip daddr 169.254.169.254 counter drop")
            .contains("oif \"lo\" tcp dport 3128 accept")
            .containsPattern("(?m)^\\s*counter log prefix \"openhands-sandbox-drop \" limit rate 10/minute drop$")
            .contains("policy drop");
        assertThat(nft.indexOf("169.254.169.254")).isLessThan(nft.indexOf("established,related accept\n\t\toif"));
        String quadlet = file(props, "/etc/openhands/openhands-app.container");
        assertThat(quadlet).contains("Volume=/run/openhands-sandbox/podman.sock:/var/run/docker.sock")
            .contains("Exec=uvicorn openhands.server.listen:app --host 127.0.0.1 --port 3000")
            .contains("Environment=LLM_MODEL=bedrock/eu.anthropic.claude-sonnet-4-20250514-v1:0")
            .contains("Environment=LLM_AWS_REGION_NAME=eu-west-1")
            .contains("Environment=SECURITY_CONFIRMATION_MODE=true")
            .contains("no-new-privileges")
            .contains("Image=" + REGISTRY + "/openhands-pilot/openhands:0.62")
            .contains("WantedBy=default.target");
        assertThat(file(props, "/etc/openhands/settings.json")).contains("\"confirmation_mode\":true");
        String squid = file(props, "/etc/openhands/squid.conf");
        assertThat(squid).as("the shared generator's configuration, comments left out for the user-data limit")
            .isEqualTo(PilotUserData.withoutComments(PilotUserData.egressPolicy(props).squidConf()))
            .contains("acl allowed_hosts dstdomain -n pypi.org .github.com\n", "http_port 127.0.0.1:3128\n",
                "acl proxy_clients src 127.0.0.1/32\n", "access_log stdio:/var/log/squid/access.log egress\n", "forwarded_for on\n",
                "acl forbidden_destinations dst 0.0.0.0/8 10.0.0.0/8 ")
            .doesNotContain("forwarded_for delete").doesNotContain("#");
        assertThat(PilotUserData.hostFiles(props)).noneMatch(f -> f.path().contains("allowlist"));
        String bootstrap = file(props, "/etc/openhands/bootstrap.sh");
        assertThat(bootstrap).contains("loginctl enable-linger").contains("--add-subuids").contains("enable --now podman.socket")
            .contains("disable --now ssh.socket");
    }

    @Test
    void withoutEgressThereIsNoProxyAndNoProxySettings() {
        PilotUserDataProps props = props(EgressMode.NONE, HostProvisioning.BAKED_IMAGE);
        assertThat(PilotUserData.hostFiles(props)).noneMatch(f -> f.path().contains("squid") || f.path().contains("allowlist"));
        assertThat(file(props, "/etc/openhands/sandbox-containers.conf")).contains("env = []").doesNotContain("PROXY");
        assertThat(file(props, "/etc/openhands/host.env")).contains("EGRESS_MODE=none").contains("HOST_PROVISIONING=baked-image");
    }

    @Test
    void refusesCombinationsThatCannotBoot() {
        assertThatThrownBy(() -> small().provisioning(HostProvisioning.PACKAGES).egressMode(EgressMode.NONE).build())
            .hasMessageContaining("PACKAGES provisioning needs an internet path");
        assertThatThrownBy(() -> small().appImage("docker.io/x:1").provisioning(HostProvisioning.BAKED_IMAGE)
            .egressMode(EgressMode.NONE).build())
            .hasMessageContaining("stack's registry");
        assertThatThrownBy(() -> small().provisioning(HostProvisioning.PACKAGES).egressMode(EgressMode.ALLOWLIST)
            .allowedHosts(List.of("https://pypi.org")).build())
            .hasMessageContaining("not a lower-case host name");
        assertThatThrownBy(() -> small().modelId("a.b; rm -rf /").provisioning(HostProvisioning.PACKAGES)
            .egressMode(EgressMode.ALLOWLIST).allowedHosts(List.of("pypi.org")).build())
            .hasMessageContaining("unsafe");
    }
}
