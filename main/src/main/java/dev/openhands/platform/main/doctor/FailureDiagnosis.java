package dev.openhands.platform.main.doctor;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps what STS and the Bedrock runtime answer to the cause of the few failures that stop most first roll-outs:
 * model access not granted, an IAM resource that does not match the model id, an inference profile used without
 * its foundation-model ARNs (or a model that needs a profile), the wrong region, no route to the endpoint.
 */
public final class FailureDiagnosis {

    private static final Pattern NOT_AUTHORIZED = Pattern.compile(
        "is not authorized to perform: (\\S+) on resource: (\\S+)", Pattern.CASE_INSENSITIVE);

    private FailureDiagnosis() {
    }

    /** A failed Converse call to {@code modelId} in {@code region}. */
    public static Diagnosis ofModelCall(Throwable failure, String modelId, String region, String identity) {
        if (failure instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null ? "" : aws.awsErrorDetails().errorCode();
            String message = message(aws);
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("don't have access to the model") || lower.contains("do not have access to the model")) {
                return new Diagnosis("model access is not granted to this account in " + region,
                    "open the Bedrock console in " + region + ", Model access, and request access to " + baseModel(modelId)
                        + (isProfile(modelId) ? " (an inference profile needs it in every region the profile routes to)" : ""));
            }
            if (lower.contains("aws marketplace")) {
                return new Diagnosis("the model's first use needs an AWS Marketplace subscription the caller may not make",
                    "have an administrator invoke " + modelId + " once (or enable it under Model access), or allow"
                        + " aws-marketplace:ViewSubscriptions and aws-marketplace:Subscribe for that first call");
            }
            if (lower.contains("explicit deny")) {
                return new Diagnosis("an explicit Deny refuses " + identity + ": " + message,
                    "workload roles of this project deny Bedrock unless the call comes through the environment's VPC endpoint;"
                        + " run doctor without --as-workload-role, or from inside the VPC (the pilot host through SSM)");
            }
            Matcher denied = NOT_AUTHORIZED.matcher(message);
            if (denied.find()) {
                return new Diagnosis("IAM does not allow " + identity + " " + denied.group(1) + " on " + denied.group(2),
                    "the policy must allow bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on that exact ARN;"
                        + (isProfile(modelId) ? " for the inference profile " + modelId + " allow the profile ARN and the"
                        + " foundation-model ARN of " + baseModel(modelId) + " in each destination region (bedrock.inferenceProfileRegions)"
                        : " check that the model id in the environment file matches the ARN in the policy")
                        + "; redeploy with bin/openhands deploy after changing bedrock.models");
            }
            if (lower.contains("on-demand throughput isn") || lower.contains("on-demand throughput is not")) {
                return new Diagnosis(modelId + " is served only through an inference profile in " + region,
                    "use the profile id in bedrock.models, e.g. " + profilePrefix(region) + baseModel(modelId));
            }
            if (lower.contains("model identifier is invalid")) {
                return new Diagnosis(modelId + " is not a model or inference profile Bedrock offers in " + region,
                    "check the id and the region: aws bedrock list-inference-profiles --region " + region
                        + " and aws bedrock list-foundation-models --region " + region);
            }
            if (code.equals("ResourceNotFoundException") || aws.statusCode() == 404) {
                return new Diagnosis(modelId + " was not found in " + region + ": " + message,
                    "pick a current model version (legacy and end-of-life versions stop answering) and update bedrock.models");
            }
            if (code.equals("ThrottlingException") || code.equals("ServiceQuotaExceededException") || aws.statusCode() == 429) {
                return new Diagnosis("Bedrock throttled the call (" + code + ")",
                    "the account's on-demand quota for " + baseModel(modelId) + " in " + region + " is exhausted or zero:"
                        + " retry later, or request an increase in Service Quotas (Amazon Bedrock)");
            }
            if (code.equals("UnrecognizedClientException") || code.equals("ExpiredTokenException") || code.equals("InvalidSignatureException")) {
                return credentials(code, message);
            }
            return new Diagnosis("Bedrock answered " + aws.statusCode() + " " + code + ": " + message,
                "see the Bedrock runtime error reference for " + code);
        }
        return unreachable(failure, "the Bedrock runtime endpoint in " + region);
    }

    /** A failed STS call (who the caller is, or assuming a role). */
    public static Diagnosis ofSts(Throwable failure, String action, String roleTrust) {
        if (failure instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null ? "" : aws.awsErrorDetails().errorCode();
            String message = message(aws);
            if (code.equals("ExpiredToken") || code.equals("ExpiredTokenException") || code.equals("InvalidClientTokenId")
                || code.equals("SignatureDoesNotMatch") || code.equals("UnrecognizedClientException")) {
                return credentials(code, message);
            }
            if (code.equals("AccessDenied") && action.startsWith("AssumeRole")) {
                return new Diagnosis("STS refused " + action + ": " + message,
                    "the workload role trusts only " + roleTrust + ". Run doctor where the workload runs (the pilot host"
                        + " through SSM), or check its policy without assuming it: aws iam simulate-principal-policy"
                        + " --policy-source-arn <role ARN> --action-names bedrock:InvokeModel --resource-arns <model ARNs>");
            }
            return new Diagnosis("STS answered " + aws.statusCode() + " " + code + " to " + action + ": " + message,
                "check the credentials and region the command runs with");
        }
        return unreachable(failure, "STS");
    }

    private static Diagnosis credentials(String code, String message) {
        return new Diagnosis("the credentials are not valid (" + code + "): " + message,
            "refresh them (aws sso login, or new keys) and run doctor again; AWS_PROFILE picks the profile");
    }

    private static Diagnosis unreachable(Throwable failure, String what) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof UnknownHostException || root instanceof ConnectException || root instanceof SocketTimeoutException
            || failure instanceof SdkClientException) {
            return new Diagnosis("no route to " + what + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")",
                "from inside the VPC the interface endpoint needs private DNS and a security group that admits 443 from"
                    + " you; from outside it, internet access (or set HTTPS_PROXY); --bedrock-endpoint/--sts-endpoint name"
                    + " an endpoint explicitly");
        }
        return new Diagnosis("unexpected failure: " + failure, "run again with the same credentials; report it if it persists");
    }

    private static String message(AwsServiceException aws) {
        if (aws.awsErrorDetails() != null && aws.awsErrorDetails().errorMessage() != null) {
            return aws.awsErrorDetails().errorMessage();
        }
        return String.valueOf(aws.getMessage());
    }

    static boolean isProfile(String modelId) {
        return modelId.matches("^(eu|us|us-gov|apac|jp|au|ca|global)\\..*");
    }

    static String baseModel(String modelId) {
        return isProfile(modelId) ? modelId.substring(modelId.indexOf('.') + 1) : modelId;
    }

    /** The inference-profile prefix of a region's geography. */
    static String profilePrefix(String region) {
        if (region.startsWith("eu-")) {
            return "eu.";
        }
        if (region.startsWith("us-gov-")) {
            return "us-gov.";
        }
        if (region.startsWith("us-")) {
            return "us.";
        }
        if (region.startsWith("ap-")) {
            return "apac.";
        }
        if (region.startsWith("ca-")) {
            return "ca.";
        }
        return "global.";
    }
}
