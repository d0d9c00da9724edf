package dev.openhands.platform.modules.sandbox;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generator's input checks and the shape of its output; SandboxRouterNginxTest (main) runs the output in nginx. */
class SandboxRouterConfigTest {

    static SandboxRouterConfig prod() {
        return SandboxRouterConfig.inVpc("sbx.openhands.example.com", "sandboxes.openhands-prod.internal", 60000, List.of("X-Origin-Verify"));
    }

    @Test
    void routesUseOpenHandsPortsAndOnlyTheOrchestratorsLabelsInTheOneZone() {
        SandboxRouterConfig config = prod();
        assertThat(config.sandboxPorts()).containsExactly(60000, 60001, 12000, 12001);
        String conf = config.nginxConf();
        assertThat(conf).contains("resolver 169.254.169.253 valid=10s ipv6=off;")
            .contains("server_name \"~^(?<sandbox_label>b[a-z2-7]{25})\\.sbx\\.openhands\\.example\\.com$\";")
            .contains("server_name \"~^vscode-(?<sandbox_label>b[a-z2-7]{25})\\.sbx\\.openhands\\.example\\.com$\";")
            .contains("proxy_pass http://$sandbox_label.sandboxes.openhands-prod.internal:60000;")
            .contains("proxy_pass http://$sandbox_label.sandboxes.openhands-prod.internal:60001;")
            .contains("proxy_pass http://$sandbox_label.sandboxes.openhands-prod.internal:12000;")
            .contains("proxy_pass http://$sandbox_label.sandboxes.openhands-prod.internal:12001;")
            .contains("server_tokens off;").contains("listen 0.0.0.0:8080 default_server;")
            .contains("proxy_set_header X-Origin-Verify \"\";")
            .doesNotContain("$request_uri").doesNotContain("$args").doesNotContain("$query_string");
        // Every proxy_pass names the private zone: nothing a request says can choose another destination.
        assertThat(conf.lines().filter(l -> l.contains("proxy_pass"))).hasSize(4)
            .allSatisfy(l -> assertThat(l).matches("\\s+proxy_pass http://\\$sandbox_label\\.sandboxes\\.openhands-prod\\.internal:\\d+;"));
        // The session key check guards the agent route only (the others sit behind Cognito at the load balancer).
        assertThat(conf.split("if \\(\\$router_key_missing\\)", -1)).hasSize(2);
        assertThat(conf).isEqualTo(prod().nginxConf());
    }

    @Test
    void badInputNamesTheFieldAndTheFix() {
        assertThatThrownBy(() -> SandboxRouterConfig.inVpc("https://sbx.example.com", "sandboxes.x.internal", 60000, List.of()))
            .hasMessageContaining("publicDomain").hasMessageContaining("without scheme");
        assertThatThrownBy(() -> SandboxRouterConfig.inVpc("sbx.example.com", "Sandboxes.X.internal", 60000, List.of()))
            .hasMessageContaining("sandboxZone");
        assertThatThrownBy(() -> SandboxRouterConfig.inVpc("a.sandboxes.x.internal", "sandboxes.x.internal", 60000, List.of()))
            .hasMessageContaining("overlap");
        assertThatThrownBy(() -> SandboxRouterConfig.inVpc("sbx.example.com", "sandboxes.x.internal", 12000, List.of()))
            .hasMessageContaining("must differ");
        assertThatThrownBy(() -> SandboxRouterConfig.inVpc("sbx.example.com", "sandboxes.x.internal", 80, List.of()))
            .hasMessageContaining("1024-65535");
        assertThatThrownBy(() -> SandboxRouterConfig.inVpc("sbx.example.com", "sandboxes.x.internal", 60000, List.of("X-Bad Header")))
            .hasMessageContaining("droppedHeaders");
        assertThatThrownBy(() -> new SandboxRouterConfig("sbx.example.com", "sandboxes.x.internal", "dns.example.com", "0.0.0.0", 8080,
            60000, 60001, 12000, 12001, "/tmp", List.of())).hasMessageContaining("resolver");
    }
}
