package dev.openhands.platform.modules.sandbox;

import com.hashicorp.cdktf.providers.aws.api_gateway_deployment.ApiGatewayDeployment;
import com.hashicorp.cdktf.providers.aws.api_gateway_integration.ApiGatewayIntegration;
import com.hashicorp.cdktf.providers.aws.api_gateway_method.ApiGatewayMethod;
import com.hashicorp.cdktf.providers.aws.api_gateway_method_settings.ApiGatewayMethodSettings;
import com.hashicorp.cdktf.providers.aws.api_gateway_method_settings.ApiGatewayMethodSettingsSettings;
import com.hashicorp.cdktf.providers.aws.api_gateway_resource.ApiGatewayResource;
import com.hashicorp.cdktf.providers.aws.api_gateway_rest_api.ApiGatewayRestApi;
import com.hashicorp.cdktf.providers.aws.api_gateway_rest_api.ApiGatewayRestApiEndpointConfiguration;
import com.hashicorp.cdktf.providers.aws.api_gateway_rest_api_policy.ApiGatewayRestApiPolicy;
import com.hashicorp.cdktf.providers.aws.api_gateway_stage.ApiGatewayStage;
import com.hashicorp.cdktf.providers.aws.api_gateway_stage.ApiGatewayStageAccessLogSettings;
import com.hashicorp.cdktf.providers.aws.lambda_permission.LambdaPermission;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_endpoint.VpcEndpoint;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.openhands.platform.modules.iam.AwsPartition;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import dev.openhands.platform.modules.network.PrivateNetwork;
import dev.openhands.platform.modules.network.ServiceEndpoints;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The orchestrator's front: a PRIVATE REST API reachable only through this VPC's own execute-api endpoint, whose
 * security group admits HTTPS only from the API client group (the app server carries it; sandboxes do not, so they
 * have no network path to the orchestrator). TLS comes with API Gateway's certificate; the resource policy denies
 * every call that does not arrive through the endpoint; the API key is checked by the function itself.
 *
 * <p>Chosen over an internal ALB: no certificate to issue and renew for a private name, no load balancer billed
 * by the hour, and a resource policy that pins callers to one VPC endpoint. The price is API Gateway's 29 s
 * integration limit, far above the clients' own 15 s timeout.
 */
public class PrivateSandboxApi extends Construct {

    public static final String STAGE = "v1";

    private final ApiGatewayRestApi api;
    private final String apiId;
    private final ApiGatewayStage stage;
    private final SecurityGroup clientGroup;
    private final String clientGroupId;
    private final VpcEndpoint endpoint;
    private final String endpointId;
    private final String region;

    public PrivateSandboxApi(Construct scope, String id, PrivateSandboxApiProps props) {
        super(scope, id);
        this.region = props.location().region();
        String partition = props.location().partition();

        SecurityGroup endpointGroup = SecurityGroup.Builder.create(this, "endpoint-sg")
            .name(props.name() + "-sandbox-api-endpoint")
            .description("execute-api endpoint: HTTPS from sandbox API clients only")
            .vpcId(props.network().getVpcId())
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-sandbox-api-endpoint"))
            .build();
        String endpointGroupId = endpointGroup.getId();
        this.clientGroup = SecurityGroup.Builder.create(this, "client-sg")
            .name(props.name() + "-sandbox-api-client")
            .description("Attach to what may call the sandbox orchestrator API (the app server)")
            .vpcId(props.network().getVpcId())
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-sandbox-api-client"))
            .build();
        this.clientGroupId = clientGroup.getId();
        VpcSecurityGroupIngressRule.Builder.create(this, "https-from-clients")
            .securityGroupId(endpointGroupId).referencedSecurityGroupId(clientGroupId)
            .ipProtocol("tcp").fromPort(443).toPort(443).description("HTTPS from sandbox API clients").build();
        VpcSecurityGroupEgressRule.Builder.create(this, "client-to-endpoint")
            .securityGroupId(clientGroupId).referencedSecurityGroupId(endpointGroupId)
            .ipProtocol("tcp").fromPort(443).toPort(443).description("HTTPS to the sandbox API endpoint").build();
        this.endpoint = VpcEndpoint.Builder.create(this, "endpoint")
            .vpcId(props.network().getVpcId())
            .serviceName(ServiceEndpoints.serviceNamePrefix(props.location().region()) + "execute-api")
            .vpcEndpointType("Interface")
            .privateDnsEnabled(true)
            .subnetIds(props.network().getPrivateSubnetIds())
            .securityGroupIds(List.of(endpointGroupId))
            .policy(endpointPolicy(partition, props.location().region(), props.location().accountId()).toJson())
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-execute-api"))
            .build();
        this.endpointId = endpoint.getId();

        this.api = ApiGatewayRestApi.Builder.create(this, "api")
            .name(props.name() + "-sandbox-api")
            .description("OpenHands remote runtime API (sandbox orchestrator), private to the VPC")
            .endpointConfiguration(ApiGatewayRestApiEndpointConfiguration.builder()
                .types(List.of("PRIVATE")).vpcEndpointIds(List.of(endpointId)).build())
            .tags(props.tags())
            .build();
        this.apiId = api.getId();
        ApiGatewayRestApiPolicy policy = ApiGatewayRestApiPolicy.Builder.create(this, "policy")
            .restApiId(apiId)
            .policy(resourcePolicy(partition, props.location().region(), props.location().accountId(), apiId, endpointId).toJson())
            .build();

        ApiGatewayResource proxy = ApiGatewayResource.Builder.create(this, "proxy")
            .restApiId(apiId).parentId(api.getRootResourceId()).pathPart("{proxy+}").build();
        String proxyId = proxy.getId();
        ApiGatewayMethod anyMethod = ApiGatewayMethod.Builder.create(this, "proxy-any")
            .restApiId(apiId).resourceId(proxyId).httpMethod("ANY").authorization("NONE").build();
        ApiGatewayIntegration integration = ApiGatewayIntegration.Builder.create(this, "proxy-lambda")
            .restApiId(apiId).resourceId(proxyId).httpMethod(anyMethod.getHttpMethod())
            .type("AWS_PROXY").integrationHttpMethod("POST").uri(props.orchestrator().getApiAliasInvokeArn())
            .timeoutMilliseconds(29000).build();

        ApiGatewayDeployment deployment = ApiGatewayDeployment.Builder.create(this, "deployment")
            .restApiId(apiId)
            // A stage serves the deployment it was given: any change to the routes, the integration or the resource
            // policy needs a new deployment. The policy's shape is hashed here; its ids are covered by the API's own.
            .triggers(Map.of("proxy", proxyId, "method", anyMethod.getId(), "integration", integration.getId(),
                "uri", integration.getUri(), "endpoint", endpointId,
                "policy", policyShape(partition, props.location().region(), props.location().accountId())))
            .dependsOn(List.of(integration, policy))
            .lifecycle(com.hashicorp.cdktf.TerraformResourceLifecycle.builder().createBeforeDestroy(true).build())
            .build();
        EncryptedLogGroup accessLogs = new EncryptedLogGroup(this, "access-logs", new EncryptedLogGroupProps(
            "/openhands/" + props.name() + "/sandbox-api", props.logs(), props.tags()));
        this.stage = ApiGatewayStage.Builder.create(this, "stage")
            .restApiId(apiId)
            .deploymentId(deployment.getId())
            .stageName(STAGE)
            .xrayTracingEnabled(props.orchestrator().isTracing())
            .accessLogSettings(ApiGatewayStageAccessLogSettings.builder()
                .destinationArn(accessLogs.getArn())
                .format("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\",\"vpce\":\"$context.identity.vpceId\","
                    + "\"method\":\"$context.httpMethod\",\"path\":\"$context.path\",\"status\":\"$context.status\","
                    + "\"latencyMs\":\"$context.responseLatency\",\"integrationMs\":\"$context.integrationLatency\"}")
                .build())
            .tags(props.tags())
            .build();
        ApiGatewayMethodSettings.Builder.create(this, "throttling")
            .restApiId(apiId)
            .stageName(stage.getStageName())
            .methodPath("*/*")
            .settings(ApiGatewayMethodSettingsSettings.builder()
                .metricsEnabled(true)
                .throttlingRateLimit(props.rateLimitPerSecond())
                .throttlingBurstLimit(props.burstLimit())
                .build())
            .build();
        LambdaPermission.Builder.create(this, "invoke-permission")
            .statementId("AllowPrivateApi")
            .action("lambda:InvokeFunction")
            .functionName(props.orchestrator().getApiFunctionName())
            .qualifier(props.orchestrator().getApiAliasName())
            .principal("apigateway.amazonaws.com")
            .sourceArn(api.getExecutionArn() + "/*/*/*")
            .build();
    }

    /**
     * The endpoint passes invocations of this account's APIs only. With private DNS on, every execute-api hostname in
     * the VPC resolves to this endpoint, so without a policy it would carry calls to any account's private API out of
     * the VPC. The callers send no AWS signature (the API key is checked by the function), so there is no principal
     * account to pin; the API's own id cannot be named either (the API names this endpoint: a cycle), and the API's
     * resource policy pins the endpoint in turn.
     */
    static PolicyDocument endpointPolicy(String partition, String region, String accountId) {
        return PolicyDocument.of(Statement.allow("InvokeThisAccountsApis", List.of("execute-api:Invoke"),
                List.of("arn:" + partition + ":execute-api:" + region + ":" + accountId + ":*"))
            .withPrincipal("*", List.of("*")));
    }

    private static PolicyDocument resourcePolicy(String partition, String region, String accountId, String apiId, String endpointId) {
        String executeApiArn = "arn:" + partition + ":execute-api:" + region + ":" + accountId + ":" + apiId + "/*";
        return PolicyDocument.of(
            Statement.allow("InvokeThroughOwnEndpoint", List.of("execute-api:Invoke"), List.of(executeApiArn))
                .withPrincipal("*", List.of("*")),
            Statement.deny("DenyAnyOtherPath", List.of("execute-api:Invoke"), List.of(executeApiArn))
                .withPrincipal("*", List.of("*"))
                .withCondition("StringNotEquals", "aws:SourceVpce", List.of(endpointId)));
    }

    /** A digest of the resource policy with placeholder ids: it changes when the policy's statements do. */
    static String policyShape(String partition, String region, String accountId) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
                resourcePolicy(partition, region, accountId, "API", "VPCE").toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** The URL the app server uses as SANDBOX_REMOTE_RUNTIME_API_URL (resolves inside the VPC only). */
    public String getUrl() {
        return "https://" + apiId + ".execute-api." + region + "." + AwsPartition.dnsSuffix(region) + "/" + STAGE;
    }

    /** Attach to whatever may call the API. */
    public String getClientSecurityGroupId() {
        return clientGroupId;
    }

    public String getRestApiId() {
        return apiId;
    }

    public String getEndpointId() {
        return endpointId;
    }
}
