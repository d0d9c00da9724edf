package dev.openhands.platform.modules.compute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openhands.platform.modules.ExternalTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the pilot host's generated nftables rules into a network namespace of its own and connects from processes
 * running under different uids: what the kernel drops is what the host drops.
 *
 * <p>The sandbox user does not exist on the test machine, so its name in the rules is replaced by a numeric test uid;
 * every other line is the one the host gets. The metadata address and a stand-in internet address live on the
 * namespace's loopback, where listeners answer: a refused connection is the firewall, not a missing peer.
 */
class PilotFirewallTest {

    private static final int SANDBOX_UID = 4242;
    private static final int SANDBOX_SUBUID = PilotUserData.SANDBOX_FIRST_SUBID + 5;
    private static final int LAST_SANDBOX_SUBUID = PilotUserData.SANDBOX_FIRST_SUBID + PilotUserData.SUBID_COUNT - 1;
    private static final int APP_SUBUID = PilotUserData.APP_FIRST_SUBID + 5;
    private static final String METADATA = "169.254.169.254:80";
    private static final String INTERNET = "192.0.2.10:443";
    private static final String PROXY = "127.0.0.1:3128";
    private static final String PYTHON = "/usr/bin/python3";
    private static final String LISTENER = String.join("\n",
        "import socket, sys, time",
        "held = []",
        "for port in (80, 443, 3128):",
        "    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
        "    s.bind(('0.0.0.0', port)); s.listen(64); held.append(s)",
        "print('ready', flush=True)",
        "sys.stdin.read()");
    private static final String PROBE = String.join("\n",
        "import socket, sys",
        "host, port = sys.argv[1].rsplit(':', 1)",
        "try:",
        "    socket.create_connection((host, int(port)), timeout=1.5).close(); print('open')",
        "except OSError as e:",
        "    print('blocked', e)");

    private static String namespace;
    private static Process listener;

    @BeforeAll
    static void namespaceWithTheHostRules(@TempDir Path dir) throws IOException {
        ExternalTool.require("nft", "apt-get install -y nftables");
        ExternalTool.require("ip", "apt-get install -y iproute2");
        ExternalTool.require("setpriv", "apt-get install -y util-linux");
        assertThat(Files.isExecutable(Path.of(PYTHON))).as(PYTHON + " is needed by this test: apt-get install -y python3").isTrue();
        assertThat(ExternalTool.run(List.of("id", "-u"), dir).output().trim())
            .as("this test creates a network namespace and switches uids: run it as root (CI does)").isEqualTo("0");

        namespace = "ohfw" + ProcessHandle.current().pid();
        run(dir, "ip", "netns", "add", namespace);
        inNamespace(dir, "ip", "link", "set", "lo", "up");
        inNamespace(dir, "ip", "addr", "add", "169.254.169.254/32", "dev", "lo");
        inNamespace(dir, "ip", "addr", "add", "192.0.2.10/32", "dev", "lo");

        String rules = hostRules().replace("meta skuid \"ohsandbox\"", "meta skuid " + SANDBOX_UID);
        Path file = dir.resolve("openhands.nft");
        Files.writeString(file, rules);
        inNamespace(dir, "nft", "-f", file.toString());

        listener = new ProcessBuilder("ip", "netns", "exec", namespace, PYTHON, "-c", LISTENER).redirectErrorStream(true).start();
        String first = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(first).as("listeners in the test namespace").isEqualTo("ready");
    }

    @AfterAll
    static void removeNamespace(@TempDir Path dir) throws InterruptedException {
        if (listener != null) {
            listener.destroy();
            listener.waitFor(5, TimeUnit.SECONDS);
        }
        if (namespace != null) {
            ExternalTool.run(List.of("ip", "netns", "del", namespace), dir);
        }
    }

    @Test
    void theSandboxUserReachesOnlyTheProxy(@TempDir Path dir) {
        assertThat(connect(dir, SANDBOX_UID, METADATA)).startsWith("blocked");
        assertThat(connect(dir, SANDBOX_UID, INTERNET)).startsWith("blocked");
        assertThat(connect(dir, SANDBOX_UID, PROXY)).isEqualTo("open");
    }

    @Test
    void aProcessUnderASandboxSubordinateUidIsHeldToTheSameRules(@TempDir Path dir) {
        for (int uid : new int[] {SANDBOX_SUBUID, LAST_SANDBOX_SUBUID}) {
            assertThat(connect(dir, uid, METADATA)).as("uid %d to instance metadata", uid).startsWith("blocked");
            assertThat(connect(dir, uid, INTERNET)).as("uid %d to the internet", uid).startsWith("blocked");
            assertThat(connect(dir, uid, PROXY)).as("uid %d to the proxy", uid).isEqualTo("open");
        }
    }

    @Test
    void otherUsersAreNotSandboxTraffic(@TempDir Path dir) {
        // The rules single out sandbox uids; the app user's own subordinate range and root keep their paths.
        for (int uid : new int[] {0, APP_SUBUID, LAST_SANDBOX_SUBUID + 1}) {
            assertThat(connect(dir, uid, METADATA)).as("uid %d to instance metadata", uid).isEqualTo("open");
            assertThat(connect(dir, uid, INTERNET)).as("uid %d to the internet", uid).isEqualTo("open");
        }
    }

    private static String hostRules() {
        PilotUserDataProps props = PilotUserDataTest.props(EgressMode.ALLOWLIST, HostProvisioning.PACKAGES);
        return PilotUserData.hostFiles(props).stream()
            .filter(f -> f.path().equals("/etc/openhands/openhands.nft"))
            .findFirst().orElseThrow().content();
    }

    private static String connect(Path dir, int uid, String destination) {
        ExternalTool.Result result = ExternalTool.run(List.of("ip", "netns", "exec", namespace, "setpriv",
            "--reuid=" + uid, "--regid=" + uid, "--clear-groups", PYTHON, "-c", PROBE, destination), dir);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().trim();
    }

    private static void inNamespace(Path dir, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        run(dir, full.toArray(String[]::new));
    }

    private static void run(Path dir, String... command) {
        ExternalTool.Result result = ExternalTool.run(List.of(command), dir);
        assertThat(result.exitCode()).as(String.join(" ", command) + ": " + result.output()).isZero();
    }
}
