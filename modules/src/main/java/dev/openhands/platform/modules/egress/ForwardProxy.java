package dev.openhands.platform.modules.egress;

import java.util.Objects;

/**
 * An allow-list forward proxy inside the VPC, as its clients need it: the security group to open the port to, and
 * the URL to put in {@code HTTP_PROXY}/{@code HTTPS_PROXY}. {@link EgressProxyService} is one; {@link #of} describes
 * a proxy run elsewhere.
 */
public interface ForwardProxy {

    /** The proxy's security group: clients need egress to it, and it needs ingress from them, on {@link #getPort()}. */
    String getSecurityGroupId();

    int getPort();

    /** {@code http://<private name>:<port>}. */
    String getUrl();

    static ForwardProxy of(String securityGroupId, String host, int port) {
        Objects.requireNonNull(securityGroupId, "securityGroupId");
        Objects.requireNonNull(host, "host");
        return new ForwardProxy() {
            @Override
            public String getSecurityGroupId() {
                return securityGroupId;
            }

            @Override
            public int getPort() {
                return port;
            }

            @Override
            public String getUrl() {
                return "http://" + host + ":" + port;
            }
        };
    }
}
