package dev.openhands.platform.modules.egress;

import dev.openhands.platform.modules.iam.AwsPartition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a client of a {@link ForwardProxy} is told through its environment: the proxy for HTTP and HTTPS in both the
 * upper- and lower-case spellings (tools read one or the other), and in {@code NO_PROXY} what it reaches directly.
 *
 * @param proxy  the proxy
 * @param direct host names (a leading {@code .}: subdomains), addresses and IPv4 blocks reached without the proxy
 */
public record ProxyClientSettings(ForwardProxy proxy, List<String> direct) {

    private static final Pattern ENTRY = Pattern.compile("^[A-Za-z0-9.:/-]+$");

    /** Loopback, and the ECS task metadata and credentials endpoint: an SDK asking the proxy for its credentials gets 403. */
    public static final List<String> ALWAYS_DIRECT = List.of("localhost", "127.0.0.1", "169.254.170.2");

    public ProxyClientSettings {
        Objects.requireNonNull(proxy, "proxy");
        direct = List.copyOf(direct);
        for (String entry : direct) {
            if (!ENTRY.matcher(entry).matches()) {
                throw new IllegalArgumentException("NO_PROXY entry '" + entry + "' is not a host name, address or block");
            }
        }
    }

    /**
     * A client in a VPC: {@link #ALWAYS_DIRECT}, the VPC's block, and the names of its endpoints (the interface
     * endpoints' private DNS names and the S3 gateway's regional names), whose traffic stays off the proxy because it
     * never leaves the VPC.
     *
     * @param interfaceServices endpoint service suffixes as in {@code com.amazonaws.<region>.<service>}, e.g. {@code ecr.api}
     */
    public static ProxyClientSettings inVpc(ForwardProxy proxy, String region, String vpcCidr, List<String> interfaceServices) {
        String suffix = region + "." + AwsPartition.dnsSuffix(region);
        List<String> direct = new ArrayList<>(ALWAYS_DIRECT);
        direct.add(vpcCidr);
        for (String service : interfaceServices) {
            direct.add(endpointName(service, suffix));
        }
        direct.add("s3." + suffix);
        direct.add(".s3." + suffix);
        return new ProxyClientSettings(proxy, direct.stream().distinct().toList());
    }

    /** The private DNS name an interface endpoint answers to (ECR's two differ from the service name). */
    static String endpointName(String service, String suffix) {
        return switch (service) {
            case "ecr.api" -> "api.ecr." + suffix;
            case "ecr.dkr" -> ".dkr.ecr." + suffix;
            default -> service + "." + suffix;
        };
    }

    /** The variables, in a fixed order. */
    public Map<String, String> environment() {
        Map<String, String> variables = new LinkedHashMap<>();
        String url = proxy.getUrl();
        String noProxy = String.join(",", direct);
        variables.put("HTTP_PROXY", url);
        variables.put("HTTPS_PROXY", url);
        variables.put("http_proxy", url);
        variables.put("https_proxy", url);
        variables.put("NO_PROXY", noProxy);
        variables.put("no_proxy", noProxy);
        return variables;
    }
}
