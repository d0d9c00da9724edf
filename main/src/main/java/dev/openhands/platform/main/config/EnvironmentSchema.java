package dev.openhands.platform.main.config;

import dev.openhands.platform.main.schema.Spec;
import dev.openhands.platform.main.schema.Spec.ArraySpec;
import dev.openhands.platform.main.schema.Spec.BooleanSpec;
import dev.openhands.platform.main.schema.Spec.IntegerSpec;
import dev.openhands.platform.main.schema.Spec.MapSpec;
import dev.openhands.platform.main.schema.Spec.ObjectSpec;
import dev.openhands.platform.main.schema.Spec.StringSpec;
import dev.openhands.platform.modules.observability.AlarmTopicProps;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;

import java.util.List;

/**
 * The shape of an environment file. Validation, {@code environments/environment.schema.json} and the table in
 * {@code docs/configuration.md} are all produced from this one description.
 */
public final class EnvironmentSchema {

    public static final String SCHEMA_FILE = "environment.schema.json";
    public static final String SCHEMA_ID = "https://openhands-platform.dev/schemas/environment.schema.json";

    public static final List<String> DEFAULT_ALLOWED_HOSTS = List.of(
        "pypi.org", "files.pythonhosted.org",
        "registry.npmjs.org",
        "repo.maven.apache.org", "repo1.maven.org",
        "proxy.golang.org", "sum.golang.org",
        "index.crates.io", "static.crates.io",
        "rubygems.org",
        "github.com", "codeload.github.com", "objects.githubusercontent.com");

    static final String HOSTNAME_PATTERN = dev.openhands.platform.modules.egress.EgressProxyPolicy.ALLOWED_HOST_PATTERN;
    static final String FQDN_PATTERN = "^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$";
    static final String HHMM_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
    static final String CIDR_HINT = "write an IPv4 block such as \"10.40.0.0/16\".";

    static final String SANDBOX_IMAGE_PATTERN = dev.openhands.platform.modules.sandbox.SandboxContainer.ECR_IMAGE.pattern();
    public static final String DEFAULT_OPENHANDS_VERSION = "1.0.0";
    static final String APP_REPOSITORY_PATTERN = "^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([a-z0-9][a-z0-9._/-]{1,255})$";
    private static final List<Long> FARGATE_CPU = List.of(256L, 512L, 1024L, 2048L, 4096L, 8192L, 16384L);

    private static final List<Long> RETENTION_DAYS = EncryptedLogGroupProps.ALLOWED_RETENTION_DAYS.stream()
        .sorted().map(Integer::longValue).toList();

    private EnvironmentSchema() {
    }

    private static StringSpec cidr(String description, String example) {
        return new StringSpec(description, "^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$", CIDR_HINT, null, null, example);
    }

    private static StringSpec region(String description) {
        return new StringSpec(description, "^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-[0-9]$",
            "write an AWS region name such as \"eu-west-1\" or \"us-east-1\".", null, null, "eu-west-1");
    }

    private static IntegerSpec retention(String description) {
        return new IntegerSpec(description, 1, 3653, 90L, RETENTION_DAYS);
    }

    public static final ObjectSpec ROOT = Spec.object("One OpenHands environment: one Terraform stack in one account and region.")
        .required("name", new StringSpec("Environment name; must equal the file name without .json. Used in resource names and as the stack name.",
            "^[a-z][a-z0-9-]{1,19}$", "use 2-20 lower-case letters, digits or hyphens, starting with a letter, matching the file name.",
            null, null, "pilot"))
        .required("platform", new StringSpec("What runs OpenHands: ec2-pilot is one locked-down EC2 host under rootless Podman;"
            + " ecs-fargate is the multi-user service (network, data tier, sandbox orchestration and the Fargate app service).",
            null, null, List.of("ec2-pilot", "ecs-fargate"), null, "ec2-pilot"))
        .optional("production", new BooleanSpec("A production environment: data protection cannot be relaxed, Aurora cannot scale to zero,"
            + " and backups are kept 35 days by default.", false))
        .required("aws", Spec.object("Where the stack is deployed.")
            .required("accountId", new StringSpec("The 12-digit AWS account id; the provider refuses to run against any other account.",
                "^[0-9]{12}$", "write the 12-digit account id in quotes, e.g. \"123456789012\".", null, null, "123456789012"))
            .required("region", region("Region of every regional resource of the environment."))
            .optional("deployRoleArn", new StringSpec("Role the AWS provider assumes to deploy (in the environment's account). Omit to use the caller's credentials.",
                "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$",
                "write an IAM role ARN such as \"arn:aws:iam::123456789012:role/openhands-deploy\".", null, null,
                "arn:aws:iam::123456789012:role/openhands-deploy"))
            .build())
        .required("state", Spec.object("Where Terraform keeps this environment's state: an S3 bucket in the environment's account, created once per account by the state bootstrap stack (state-<bucket>).")
            .required("bucket", new StringSpec("State bucket name (globally unique).", "^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$",
                "use 3-63 lower-case letters, digits and hyphens, e.g. \"openhands-tfstate-123456789012\".", null, null,
                "openhands-tfstate-123456789012"))
            .optional("key", new StringSpec("Object key of this environment's state. Default: openhands/<name>/terraform.tfstate.",
                "^[A-Za-z0-9!_.*'()/-]{1,1000}\\.tfstate$", "write a relative key ending in .tfstate, e.g. \"openhands/pilot/terraform.tfstate\".",
                null, null, "openhands/pilot/terraform.tfstate"))
            .optional("region", region("Region of the state bucket. Default: aws.region."))
            .optional("roleArn", new StringSpec("Role Terraform assumes to read and write the state (the backend's assume_role). Omit to use the caller's credentials.",
                "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$",
                "write an IAM role ARN such as \"arn:aws:iam::123456789012:role/openhands-state\".", null, null,
                "arn:aws:iam::123456789012:role/openhands-state"))
            .optional("kmsKeyId", new StringSpec("KMS key (ARN or alias ARN) the state is encrypted with. Default: the bootstrap's key, alias/<bucket>.",
                "^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[A-Za-z0-9/_-]+$",
                "write a key or alias ARN such as \"arn:aws:kms:eu-west-1:123456789012:alias/openhands-tfstate-123456789012\".", null, null,
                "arn:aws:kms:eu-west-1:123456789012:alias/openhands-tfstate-123456789012"))
            .optional("noncurrentVersionExpiryDays", new IntegerSpec("Days a superseded state version is kept (restore window) before it expires.", 1, 3650, 90L, null))
            .build())
        .optional("tags", new MapSpec("Tags applied to every resource through the provider's default_tags.",
            "^[A-Za-z0-9 _.:/=+@-]{1,128}$", "tag keys are 1-128 characters of letters, digits, spaces and _.:/=+@-; keys starting with aws: are reserved.",
            new StringSpec("Tag value.", "^[A-Za-z0-9 _.:/=+@-]{0,256}$", "tag values are up to 256 letters, digits, spaces and _.:/=+@-.", null, null, "platform-team"), 40))
        .required("network", Spec.object("The environment's own VPC.")
            .required("vpcCidr", cidr("Primary IPv4 block of the VPC; must lie inside an RFC 1918 range.", "10.40.0.0/16"))
            .required("availabilityZones", new ArraySpec("Zones for the subnets; subnet i of each list lives in zone i.",
                new StringSpec("Zone name in the environment's region.", "^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$",
                    "write a zone name such as \"eu-west-1a\".", null, null, "eu-west-1a"), 2, 6, true))
            .required("privateSubnetCidrs", new ArraySpec("Private subnets, one per zone, inside vpcCidr and not overlapping.",
                cidr("Subnet block.", "10.40.0.0/20"), 2, 6, true))
            .optional("publicSubnetCidrs", new ArraySpec("Public subnets, one per zone: they hold the NAT gateway (egress.mode allowlist) and the front door's load balancer (frontDoor), and either requires them; private subnets get no route out unless egress.mode is allowlist.",
                cidr("Subnet block.", "10.40.240.0/24"), 2, 6, true))
            .optional("flowLogRetentionDays", retention("Days VPC flow logs are kept."))
            .optional("nat", new StringSpec("What gives the private subnets their internet path in egress.mode allowlist. gateway: a NAT gateway"
                + " (about $39 a month with its address, plus $0.048 per GB). instance: a hardened t4g.nano NAT instance (about $8 a month"
                + " with its address and volume, nothing per GB) in the first public subnet, outside production only: one instance in one"
                + " zone, so egress stops while it is replaced.", null, null, List.of("gateway", "instance"), "gateway", "instance"))
            .optional("endpointZones", new ArraySpec("Zones whose private subnets hold the interface endpoints (each is billed per zone):"
                + " workloads in the other zones reach them across zones, but lose the AWS APIs if these zones fail. Default: every zone."
                + " The ec2-pilot host's zone (the first) must be one; production needs two or more.",
                new StringSpec("A zone of network.availabilityZones.", "^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$",
                    "write a zone name such as \"eu-west-1a\".", null, null, "eu-west-1a"), 1, 6, true))
            .build())
        .required("bedrock", Spec.object("The Amazon Bedrock models the environment may invoke.")
            .required("models", new ArraySpec("Model ids (anthropic.claude-...) or inference-profile ids (us./eu./apac./global. + model id). The first is the default model; IAM and the endpoint policy allow exactly these.",
                new StringSpec("A model or inference-profile id.", null, null, null, null, "eu.anthropic.claude-sonnet-4-20250514-v1:0"), 1, 20, true))
            .optional("inferenceProfileRegions", new MapSpec("Destination regions per inference-profile prefix (us, eu, apac ...), when AWS routes a profile to regions beyond the built-in list.",
                "^[a-z]{2,6}(-gov)?$", "use an inference-profile prefix such as \"eu\" or \"us\".",
                new ArraySpec("Regions the profile routes to.", region("A destination region."), 1, 30, true), 10))
            .build())
        .required("egress", Spec.object("Whether sandboxes may reach the internet.")
            .required("mode", new StringSpec("none: no internet path exists at all. allowlist: sandboxes reach only allowedHosts (HTTPS by CONNECT to 443,"
                + " plain HTTP to 80, by name only), through a squid forward proxy and a NAT gateway: on the ec2-pilot host, squid on the host;"
                + " on ecs-fargate, the egress proxy service (egress.proxy), the only internet path the sandbox security group has."
                + " ecs-fargate requires allowlist: the app fetches the load balancer's token-signing keys"
                + " (public-keys.auth.elb.<region>.amazonaws.com, added to the allow-list) through the same proxy.",
                null, null, List.of("none", "allowlist"), null, "allowlist"))
            .optional("allowedHosts", new ArraySpec("Hostnames sandboxes may reach in allowlist mode; a leading dot admits subdomains. Each at most once, and"
                + " none already admitted by a leading-dot entry. Default: the package registries and source hosts of a dependency-upgrade task ("
                + String.join(", ", DEFAULT_ALLOWED_HOSTS) + ").",
                new StringSpec("A hostname.", HOSTNAME_PATTERN,
                    "write a bare lower-case hostname such as \"pypi.org\" (or \".github.com\" for its subdomains): no scheme, port, path or IP address.",
                    null, null, "pypi.org"), 1, 200, true))
            .optional("proxy", Spec.object("The egress proxy service of an ecs-fargate environment in allowlist mode (required there, not allowed otherwise):"
                + " squid on Fargate (ARM64) in the private subnets, at a Cloud Map private name, running the allow-list.")
                .required("image", new StringSpec("A squid image (squid 5 or later with /bin/sh and tail, e.g. Canonical's ubuntu/squid, arm64) mirrored into"
                    + " this account's ECR in the environment's region, by tag or digest.", SANDBOX_IMAGE_PATTERN,
                    "write <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>, e.g. \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/squid:6\".",
                    null, null, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/squid:6"))
                .optional("desiredCount", new IntegerSpec("Proxy tasks, spread over the zones. At least 2 in production: with one, sandboxes lose the"
                    + " internet while it is replaced.", 1, 10, 2L, null))
                .optional("logRetentionDays", retention("Days the proxy's access log (every request, allowed or refused) is kept."))
                .build())
            .build())
        .optional("data", Spec.object("The data tier of the ecs-fargate platform (required there, not allowed for ec2-pilot):"
            + " Aurora PostgreSQL Serverless v2 behind RDS Proxy, the S3 events bucket, EFS workspaces and AWS Backup.")
            .optional("aurora", Spec.object("Aurora PostgreSQL Serverless v2.")
                .optional("engineVersion", new StringSpec("Aurora PostgreSQL engine version.", "^1[3-9]\\.[0-9]+$",
                    "write an Aurora PostgreSQL version such as \"16.6\": this tier runs PostgreSQL only (not Aurora MySQL).",
                    null, "16.6", "16.6"))
                .optional("minAcu", new Spec.NumberSpec("Minimum capacity (ACUs). Default 0 (scale to zero) outside production, 0.5 in production;"
                    + " 0 is refused in production.", 0, 256, null, 0.5))
                .optional("maxAcu", new Spec.NumberSpec("Maximum capacity (ACUs); at least minAcu.", 1, 256, 8.0, 0.5))
                .optional("readers", new IntegerSpec("Reader instances besides the writer.", 0, 15, 0L, null))
                .optional("autoPauseSeconds", new IntegerSpec("Idle seconds before a minAcu-0 cluster pauses.", 300, 86400, 900L, null))
                .optional("backupRetentionDays", new IntegerSpec("Days of automated backups (point-in-time restore window). Default 35 in"
                    + " production, 7 otherwise.", 1, 35, null, null))
                .optional("slowQueryMillis", new IntegerSpec("Statements slower than this are logged.", 0, 3600000, 1000L, null))
                .build())
            .optional("proxy", Spec.object("RDS Proxy in front of the cluster.")
                .optional("enabled", new BooleanSpec("Put RDS Proxy in front of the cluster. It bills at least 8 ACU-hours an hour"
                    + " (about $96 a month in eu-west-1) even while the database is paused; without it the app and the orchestrator"
                    + " connect to the writer directly, with the same TLS and IAM authentication, but without pooling or a"
                    + " failover hidden from them. Required in production.", true))
                .optional("idleClientTimeoutSeconds", new IntegerSpec("Idle client connections are closed after this.", 60, 28800, 1800L, null))
                .optional("connectionBorrowTimeoutSeconds", new IntegerSpec("How long a client waits for a pooled connection.", 0, 3600, 120L, null))
                .optional("maxConnectionsPercent", new IntegerSpec("Share of the database's connections the pool may use.", 1, 100, 90L, null))
                .build())
            .optional("eventsBucket", Spec.object("The S3 bucket for conversation events and settings.")
                .optional("noncurrentVersionExpiryDays", new IntegerSpec("Days a deleted or overwritten object can be recovered.", 1, 3650, 30L, null))
                .build())
            .optional("backup", Spec.object("AWS Backup of the cluster, the file system and the sandbox registry (selected by tag).")
                .optional("schedule", new StringSpec("AWS Backup cron expression (UTC).", "^cron\\(.+\\)$",
                    "write an AWS cron expression such as \"cron(0 3 * * ? *)\".", null, "cron(0 3 * * ? *)", "cron(0 3 * * ? *)"))
                .optional("retentionDays", new IntegerSpec("Days a recovery point is kept.", 1, 36500, 35L, null))
                .optional("copyToVaultArn", new StringSpec("A backup vault in another region that receives a copy of each recovery point.",
                    "^arn:aws(-cn|-us-gov)?:backup:[a-z0-9-]+:[0-9]{12}:backup-vault:[A-Za-z0-9_.-]+$",
                    "write a backup vault ARN such as \"arn:aws:backup:eu-central-1:123456789012:backup-vault:dr\".", null, null,
                    "arn:aws:backup:eu-central-1:123456789012:backup-vault:openhands-dr"))
                .build())
            .optional("protection", Spec.object("Guards against deleting data. All on by default; only a non-production environment may switch one off.")
                .optional("deletionProtection", new BooleanSpec("AWS refuses to delete the cluster.", true))
                .optional("finalSnapshot", new BooleanSpec("Deleting the cluster takes a final snapshot first.", true))
                .optional("preventDestroy", new BooleanSpec("Terraform refuses plans that destroy the cluster, its key, the events bucket,"
                    + " the file system or the backup vault.", true))
                .build())
            .build())
        .optional("sandbox", Spec.object("Sandbox orchestration of the ecs-fargate platform (required there, not allowed for ec2-pilot):"
            + " one Fargate task per conversation, started by a Java Lambda behind a private REST API that speaks OpenHands' remote runtime API.")
            .required("images", new ArraySpec("Agent-server images sandboxes may run (/start may ask only for these): private ECR references in"
                + " the environment's region. The first is the template's and the warm pool's.",
                new StringSpec("An ECR image reference with a tag or digest.", SANDBOX_IMAGE_PATTERN,
                    "write <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>, e.g. \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/agent-server:1.0.0-python\".",
                    null, null, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/agent-server:1.0.0-python"), 1, 10, true))
            .optional("cpu", new IntegerSpec("Fargate CPU units of one sandbox.", 256, 16384, 1024L, FARGATE_CPU))
            .optional("memoryMib", new IntegerSpec("Memory of one sandbox in MiB; must be a Fargate combination with cpu.", 512, 122880, 4096L, null))
            .optional("idleTimeoutMinutes", new IntegerSpec("A sandbox without client activity this long is paused (its task stops; the workspace stays).",
                5, 10080, 120L, null))
            .optional("orphanGraceMinutes", new IntegerSpec("A sandbox task that no registry item claims is stopped once it is this old.", 1, 1440, 10L, null))
            .optional("stoppedRetentionDays", new IntegerSpec("A stopped or failed conversation without client activity this long is"
                + " forgotten as /delete would (its record, access point and name go; the purge then removes its files). The V1 app"
                + " server deletes sandboxes with /stop, so this is what cleans them up. Paused conversations are kept.", 1, 3650, 30L, null))
            .optional("warmPool", Spec.object("Sandbox tasks kept running so a new conversation starts warm. A pooled task serves only a /start"
                    + " whose environment it already has, so per-sandbox webhook URLs rule it out.")
                .optional("size", new IntegerSpec("Warm tasks to keep (each billed while it waits). 0 turns the pool off.", 0, 50, 0L, null))
                .optional("webhooks", new StringSpec("How the app server configures agent webhooks: per-sandbox (a URL per sandbox in /start's"
                    + " environment; OpenHands releases up to late 2025), shared (one URL for every sandbox; later releases) or none (status by polling)."
                    + " A pool needs shared or none.", null, null, List.of("per-sandbox", "shared", "none"), "per-sandbox", "shared"))
                .optional("environment", new MapSpec("The environment pooled tasks start with: the app server's /start environment, minus"
                    + " nothing it sends per sandbox. A /start asking for anything else starts cold.",
                    "^[A-Za-z_][A-Za-z0-9_]{0,254}$", "environment variable names are letters, digits and _, not starting with a digit.",
                    new StringSpec("Value.", null, null, null, null, "/workspace/conversations"), 100))
                .build())
            .optional("taskPolicyStatements", new ArraySpec("Extra permissions for the agent inside a sandbox. Explicit denies of IAM writes,"
                + " role assumption, organizations, account and key deletion always apply on top, and the actions are denied"
                + " outside this VPC: they work only through one of its endpoints (a service without one, reached through NAT,"
                + " refuses them).",
                Spec.object("One Allow statement.")
                    .required("sid", new StringSpec("Statement id.", "^[A-Za-z0-9]{1,64}$", "use letters and digits only.", null, null, "ReadArtifacts"))
                    .required("actions", new ArraySpec("IAM actions, named one by one (no * or service:*).",
                        new StringSpec("An action.", "^[a-z0-9-]+:[A-Za-z0-9*]+$", "write service:Action, e.g. \"s3:GetObject\".", null, null, "s3:GetObject"),
                        1, 50, true))
                    .required("resources", new ArraySpec("Resource ARNs.",
                        new StringSpec("An ARN.", "^arn:aws(-cn|-us-gov)?:[a-z0-9-]+:.*$", "write a full ARN.", null, null,
                            "arn:aws:s3:::build-artifacts/*"), 1, 50, true))
                    .build(), 1, 20, true))
            .optional("capacity", new StringSpec("Fargate capacity of sandboxes and the warm pool: spot (about 70% cheaper; AWS may stop a task"
                + " with two minutes' warning, the conversation then stops and resumes in a new task with its workspace) or on-demand."
                + " Default on-demand in production, spot otherwise.", null, null, List.of("spot", "on-demand"), null, "spot"))
            .optional("denyList", new StringSpec("Where V1 conversations' deny-list (app.denyCommands) is enforced: tool (the app asks the"
                + " sandbox for DenyListBashTool, which refuses a matching shell command before it runs; every image must then be a derived"
                + " one, tag <sdk commit>-source-ohp-<commit>, built by scripts/build-sandbox-image.sh: a stock image refuses the conversation) or"
                + " off (V1 conversations have confirmation mode only). V0 conversations are always checked by the app."
                + " Default tool in production with an app, off otherwise.", null, null, List.of("tool", "off"), null, "tool"))
            .optional("tracing", new BooleanSpec("X-Ray active tracing of the orchestrator's API function and workspace purge (the"
                + " functions in the VPC) and of its private API. On, the VPC gets the X-Ray interface endpoint their traces use"
                + " (about $8 a month per endpoint zone); off, neither. Default on in production, off otherwise.", null))
            .optional("apiRateLimitPerSecond", new IntegerSpec("Steady requests per second the orchestrator API admits (burst: twice this).",
                1, 10000, 50L, null))
            .optional("apiKeyVersion", new IntegerSpec("Version of the orchestrator's API key. Raise it to rotate the key on the next apply:"
                + " the orchestrator accepts the new and the previous key, so the app server switches when it restarts.", 1, 1000000, 1L, null))
            .optional("logRetentionDays", retention("Days sandbox, orchestrator and API access logs are kept."))
            .build())
        .optional("frontDoor", Spec.object("How people reach an ecs-fargate environment from the internet (not allowed for ec2-pilot):"
            + " a Cognito user pool they sign in to, CloudFront with a WAF web ACL in front of the load balancer, ACM certificates"
            + " and DNS records in a Route 53 public hosted zone. Without it the environment has no public entrance.")
            .required("domains", new ArraySpec("Names users open in a browser; the first is the primary (sandboxes live under it)."
                + " Each gets a callback and a logout URL in the user pool, a name on the certificates and alias records.",
                new StringSpec("A lower-case fully qualified domain name inside hostedZone.name.", FQDN_PATTERN,
                    "write a bare lower-case name such as \"openhands.example.com\": no scheme, port or path.", null, null,
                    "openhands.example.com"), 1, 20, true))
            .required("hostedZone", Spec.object("The Route 53 public hosted zone holding the domains: certificate validation and alias records go there.")
                .required("id", new StringSpec("The hosted zone id.", "^Z[A-Z0-9]{1,31}$",
                    "write the zone id from the Route 53 console, e.g. \"Z0123456789ABCDEFGHIJ\".", null, null, "Z0123456789ABCDEFGHIJ"))
                .required("name", new StringSpec("The zone's domain name, without the trailing dot.", FQDN_PATTERN,
                    "write the zone name such as \"example.com\".", null, null, "example.com"))
                .build())
            .required("signIn", Spec.object("The Cognito user pool people sign in to.")
                .required("domainPrefix", new StringSpec("Prefix of the hosted sign-in page https://<prefix>.auth.<region>.amazoncognito.com;"
                    + " unique within the region across all AWS accounts.", "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
                    "use 1-63 lower-case letters, digits and hyphens without aws, amazon or cognito, e.g. \"acme-openhands\".", null, null,
                    "acme-openhands"))
                .optional("mfa", new StringSpec("Second factor (TOTP authenticator app): off, optional or required. Default required in"
                    + " production (where it cannot be lowered), optional otherwise.", null, null, List.of("off", "optional", "required"), null,
                    "required"))
                .optional("selfSignUp", new BooleanSpec("Anyone with the sign-in URL may create an account; off: administrators invite users."
                    + " Not allowed in production.", false))
                .optional("threatProtection", new StringSpec("Cognito advanced security (compromised-credential checks, adaptive"
                    + " authentication; billed per monthly active user): off, audit or enforced.", null, null,
                    List.of("off", "audit", "enforced"), "enforced", "enforced"))
                .optional("tokenMinutes", Spec.object("Token lifetimes of the app client, in minutes.")
                    .optional("access", new IntegerSpec("Access token lifetime.", 5, 1440, 60L, null))
                    .optional("id", new IntegerSpec("Id token lifetime.", 5, 1440, 60L, null))
                    .optional("refresh", new IntegerSpec("Refresh token lifetime: how long a user stays signed in (30 days by default).",
                        60, 5_256_000, 43_200L, null))
                    .build())
                .optional("groups", new ArraySpec("Cognito groups to create, e.g. admins.",
                    new StringSpec("A group name.", "^[A-Za-z0-9_.@-]{1,128}$", "use letters, digits and _.@- only.", null, null, "admins"),
                    1, 25, true))
                .optional("federation", Spec.object("The company's identity provider users sign in through, beside Cognito passwords.")
                    .required("type", new StringSpec("saml (metadata URL) or oidc (issuer URL, client id and a secret).", null, null,
                        List.of("saml", "oidc"), null, "saml"))
                    .required("name", new StringSpec("The provider's name on the sign-in page.", "^[A-Za-z0-9_.-]{1,32}$",
                        "use 1-32 letters, digits and _.- (not COGNITO), e.g. \"Okta\".", null, null, "Okta"))
                    .required("url", new StringSpec("saml: the IdP's metadata URL; oidc: the issuer URL.", "^https://[^\\s]+$",
                        "write an https:// URL from the IdP's application settings.", null, null,
                        "https://acme.okta.com/app/exk123/sso/saml/metadata"))
                    .optional("oidcClientId", new StringSpec("oidc only: the client id registered at the IdP.", "^[!-~]{1,255}$",
                        "copy the client id from the IdP.", null, null, "0oa1b2c3d4"))
                    .optional("oidcClientSecretArn", new StringSpec("oidc only: the Secrets Manager secret holding the client secret.",
                        "^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$",
                        "write a secret ARN such as \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:openhands/idp-AbCdEf\".", null, null,
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:openhands/idp-AbCdEf"))
                    .build())
                .build())
            .optional("waf", Spec.object("The CLOUDFRONT-scope WAF web ACL in front of the app and the sandboxes.")
                .optional("rateLimitPer5Minutes", new IntegerSpec("Requests one client IP may send in any 5 minutes before it is blocked for a while.",
                    100, 2_000_000_000L, 3000L, null))
                .optional("allowCidrs", new ArraySpec("When set, only these client networks get in; every other request is blocked.",
                    cidr("An IPv4 block.", "203.0.113.0/24"), 1, 100, true))
                .optional("anonymousIpList", new BooleanSpec("Block VPNs, Tor exit nodes and hosting providers (AWS managed anonymous IP list)."
                    + " Off by default: agents behind corporate VPNs would be locked out.", false))
                .build())
            .optional("accessLogs", new BooleanSpec("CloudFront standard access logs to an encrypted S3 bucket of the environment.", true))
            .optional("originAccess", new StringSpec("How only CloudFront reaches the load balancer. vpc-origin: the load balancer is"
                + " internal, in the private subnets, and CloudFront reaches it through a CloudFront VPC origin (no secret exists to leak);"
                + " it is also the sandboxes' entry inside the VPC. header: an internet-facing load balancer admitting CloudFront's"
                + " origin-facing addresses and requiring a rotated secret header (for accounts or regions without VPC origins).",
                null, null, List.of("vpc-origin", "header"), "vpc-origin", "vpc-origin"))
            .optional("originSecretGeneration", new IntegerSpec("originAccess header only: generation of the random secret CloudFront sends the load balancer in"
                + " X-Origin-Verify. Raise it to rotate the secret: both the old and the new value are accepted while CloudFront switches.",
                1, 1_000_000, 1L, null))
            .optional("sandboxSubdomain", new StringSpec("Sandboxes are reached at <sandbox-host>.<sandboxSubdomain>.<primary domain>.",
                "^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$", "use one DNS label of lower-case letters, digits and hyphens, e.g. \"sbx\".",
                null, "sbx", "sbx"))
            .required("routerImage", new StringSpec("The sandbox router's stock nginx image (1.19.5 or later), mirrored into this account's"
                + " ECR in the environment's region: it maps sandbox host names to sandbox tasks (see docs/sandboxes.md).",
                SANDBOX_IMAGE_PATTERN, "write <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>, e.g."
                    + " \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/nginx:1.27\".",
                null, null, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/nginx:1.27"))
            .optional("routerTasks", new IntegerSpec("Sandbox router tasks, spread over the zones. Default 2 in production (one zone may"
                + " fail), 1 otherwise.", 1, 10, null, null))
            .build())
        .optional("app", Spec.object("The OpenHands app service of the ecs-fargate platform (required there, not allowed for ec2-pilot):"
            + " the stock app server with the platform plugin (per-user sign-in and stores) on Fargate ARM64 behind the front door (docs/operations.md).")
            .optional("openhandsVersion", new StringSpec("OpenHands release the derived image is built from; 1.0.0 is the first where the V1 app server"
                + " (remote sandboxes through the orchestrator) is the default. The image <repository>:<openhandsVersion>-platform must be pushed first.",
                "^[0-9]+\\.[0-9]+\\.[0-9]+$", "write a release number such as \"1.0.0\".", null, DEFAULT_OPENHANDS_VERSION, DEFAULT_OPENHANDS_VERSION))
            .required("repository", new StringSpec("The ECR repository (no tag) in this account and region holding the derived app image.",
                APP_REPOSITORY_PATTERN, "write <account>.dkr.ecr.<region>.amazonaws.com/<repository>, e.g. \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/app\".",
                null, null, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/app"))
            .required("publicUrl", new StringSpec("The URL users open (the front door's name): the app's web URL, and the base of the webhooks sandboxes call"
                + " (<publicUrl>/api/v1/webhooks, which sandbox.warmPool.environment.OH_WEBHOOKS_0_BASE_URL must equal when set).",
                "^https://[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$", "write https:// and a lower-case host name without a path or trailing slash, e.g. \"https://openhands.example.com\".",
                null, null, "https://openhands.example.com"))
            .optional("cpu", new IntegerSpec("Fargate CPU units of one app task (measured: about 0.25 vCPU average per busy server).", 256, 16384, 1024L, FARGATE_CPU))
            .optional("memoryMib", new IntegerSpec("Memory of one app task in MiB (measured peak about 740 MB); a Fargate combination with cpu.", 512, 122880, 2048L, null))
            .optional("minTasks", new IntegerSpec("Fewest app tasks. Default 1, 2 in production; at least 2 in production: one task is an outage while it is replaced.", 1, 100, null, null))
            .optional("maxTasks", new IntegerSpec("Most app tasks autoscaling may run; at least minTasks.", 1, 100, 4L, null))
            .optional("targetCpuPercent", new IntegerSpec("Autoscaling keeps the service's average CPU near this.", 10, 90, 60L, null))
            .optional("requestsPerTarget", new IntegerSpec("Autoscaling keeps the ALB requests per task per minute near this.", 10, 100000, 600L, null))
            .optional("confirmationMode", new BooleanSpec("A human approves every agent action before it runs (new users' default; on in production too"
                + " unless this says otherwise).", true))
            .optional("denyCommands", new ArraySpec("Regular expressions (Java/Python syntax) over the text of shell commands the agent proposes; a match never"
                + " runs. A regex over shell text is bypassable (docs/operations.md says what it stops). Default: rm -rf /, fork bombs, curl|sh, mkfs,"
                + " dd onto a disk, chmod -R 777 /.",
                new StringSpec("A regular expression.", null, null, null, null, "\\bmkfs(\\.\\w+)?\\b"), 0, 100, true))
            .optional("ecsExec", new BooleanSpec("Allow ECS Exec into app tasks (a shell next to every user's session): for debugging only.", false))
            .optional("readonlyRootFilesystem", new BooleanSpec("The app container's root file system is read-only; /tmp and the state directory are"
                + " writable task volumes.", true))
            .optional("logRetentionDays", retention("Days the app's logs are kept."))
            .optional("alarms", Spec.object("Alarm thresholds of the app service and what it depends on; every alarm notifies the alarm topic.")
                .optional("http5xxPercent", new IntegerSpec("5xx responses (ALB or targets) as a share of requests over 5 minutes.", 1, 100, 5L, null))
                .optional("unhealthyTargets", new IntegerSpec("Unhealthy app targets for 5 minutes.", 1, 100, 1L, null))
                .optional("cpuPercent", new IntegerSpec("Average CPU of the app service for 15 minutes.", 1, 100, 85L, null))
                .optional("memoryPercent", new IntegerSpec("Average memory of the app service for 15 minutes.", 1, 100, 85L, null))
                .optional("startLatencySeconds", new IntegerSpec("p90 of sandbox start latency for 15 minutes.", 1, 3600, 120L, null))
                .optional("wafBlockedRequests", new IntegerSpec("Requests the front door's web ACL blocks in 5 minutes.", 1, 10_000_000, 500L, null))
                .build())
            .build())
        .optional("pilot", Spec.object("The EC2 host of the ec2-pilot platform.")
            .optional("instanceType", new StringSpec("EC2 instance type of the host.", "^[a-z][a-z0-9-]*\\.[a-z0-9]+$",
                "write an instance type such as \"m7g.xlarge\".", null, "m7g.xlarge", "m7g.xlarge"))
            .optional("ami", Spec.object("Pin an AMI instead of the current Ubuntu 24.04 LTS image from Canonical's public SSM parameter.")
                .required("id", new StringSpec("The AMI id.", "^ami-[0-9a-f]{8,17}$", "write an AMI id such as \"ami-0123456789abcdef0\".", null, null, "ami-0123456789abcdef0"))
                .required("architecture", new StringSpec("CPU architecture of the AMI; must match the instance type.", null, null,
                    List.of("arm64", "x86_64"), null, "arm64"))
                .build())
            .optional("hostProvisioning", new StringSpec("packages: install Podman, squid and nftables from the Ubuntu archive at first boot (needs egress.mode allowlist). baked-image: the pinned AMI already has them (works with egress.mode none).",
                null, null, List.of("packages", "baked-image"), "packages", "packages"))
            .optional("rootVolumeGib", new IntegerSpec("Size of the encrypted gp3 root volume (images, workspaces, conversation state).", 30, 2048, 100L, null))
            .optional("detailedMonitoring", new BooleanSpec("One-minute EC2 metrics (billed).", false))
            .optional("logRetentionDays", retention("Days the host's logs are kept."))
            .optional("openhandsVersion", new StringSpec("OpenHands release; the images openhands:<version> and runtime:<version>-nikolaik must be in the stack's ECR repositories.",
                "^[0-9]+\\.[0-9]+(\\.[0-9]+)?$", "write a release number such as \"0.62\".", null, "0.62", "0.62"))
            .optional("confirmationMode", new BooleanSpec("A human approves every agent action before it runs.", true))
            .build())
        .optional("alerts", Spec.object("Who hears about the environment's alarms and budget: the environment's alarm topic (SNS, KMS-encrypted) is always created.")
            .optional("emails", new ArraySpec("Addresses subscribed to the alarm topic; each confirms by email before it receives anything.",
                new StringSpec("An email address.", AlarmTopicProps.EMAIL.pattern(),
                    "write an address such as \"platform-team@example.com\".", null, null, "platform-team@example.com"), 1, 20, true))
            .optional("chatWebhookUrl", new StringSpec("An HTTPS endpoint subscribed to the alarm topic (a chat integration's webhook); it must confirm the"
                + " subscription. Keep tokens out of it where the chat tool allows: the URL is in the Terraform configuration.",
                AlarmTopicProps.WEBHOOK.pattern(), "write an https:// URL without query string, e.g. \"https://chat.example.com/hooks/openhands\".",
                null, null, "https://chat.example.com/hooks/openhands"))
            .build())
        .optional("costs", Spec.object("Spending limits that notify the alarm topic (see docs/cost.md).")
            .optional("monthlyBudgetUsd", new IntegerSpec("AWS Budgets monthly cost budget for the resources tagged with this environment:"
                + " notifications at 80% of the forecast and 100% of actual spend. Activate the Environment tag as a cost-allocation tag.",
                1, 1_000_000, null, null))
            .optional("dailyTokens", Spec.object("Bedrock tokens per configured model per UTC day above which an alarm fires (throttled invocations always alarm).")
                .required("input", new IntegerSpec("Input (prompt) tokens per model per day.", 1, 1_000_000_000_000L, null, null))
                .required("output", new IntegerSpec("Output (completion) tokens per model per day.", 1, 1_000_000_000_000L, null, null))
                .build())
            .build())
        .optional("schedule", Spec.object("Office hours (not allowed in production; off when absent): outside them the ec2-pilot host is"
                + " stopped (EventBridge Scheduler), and an ecs-fargate environment's app service and sandbox router run 0 tasks"
                + " (Application Auto Scaling scheduled actions), so the app answers 503 until the next start. See docs/cost.md.")
            .required("timezone", new StringSpec("IANA time zone the hours are in; daylight saving time follows it.",
                "^[A-Za-z]+(/[A-Za-z0-9_+-]+){0,2}$|^UTC$", "write an IANA zone such as \"Europe/Dublin\" or \"UTC\".", null, null, "Europe/Dublin"))
            .optional("days", new ArraySpec("Days it runs. Default Monday to Friday.",
                new StringSpec("A day.", null, null, List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"), null, "MON"), 1, 7, true))
            .required("start", new StringSpec("When it starts, HH:MM (24-hour clock).", HHMM_PATTERN, "write a time such as \"08:00\".", null, null, "08:00"))
            .required("stop", new StringSpec("When it stops, HH:MM, later the same day.", HHMM_PATTERN, "write a time such as \"19:00\".", null, null, "19:00"))
            .build())
        .build();
}
