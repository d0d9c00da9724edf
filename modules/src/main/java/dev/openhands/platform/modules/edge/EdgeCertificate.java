package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.acm_certificate.AcmCertificate;
import com.hashicorp.cdktf.providers.aws.acm_certificate_validation.AcmCertificateValidation;
import com.hashicorp.cdktf.providers.aws.route53_record.Route53Record;
import software.constructs.Construct;

import java.util.List;

/**
 * An ACM certificate validated by DNS records in a Route 53 hosted zone. Its ARN is handed out only through the
 * validation resource, so nothing uses the certificate before ACM has issued it.
 */
public class EdgeCertificate extends Construct {

    private final AcmCertificateValidation validation;

    public EdgeCertificate(Construct scope, String id, EdgeCertificateProps props) {
        super(scope, id);
        AcmCertificate.Builder certificateBuilder = AcmCertificate.Builder.create(this, "certificate")
            .domainName(props.names().get(0))
            .subjectAlternativeNames(props.names().subList(1, props.names().size()))
            .validationMethod("DNS")
            // A listener or distribution holds the certificate: the replacement must exist before the old one goes.
            .lifecycle(TerraformResourceLifecycle.builder().createBeforeDestroy(true).build())
            .tags(props.tags());
        props.provider().ifPresent(certificateBuilder::provider);
        AcmCertificate certificate = certificateBuilder.build();
        String certificateAddress = certificate.getTerraformResourceType() + "." + certificate.getFriendlyUniqueId();

        // One record per name, keyed by the name: ACM's validation options are a set, known at plan time by name.
        // Both certificates of one name ask for the same record, so overwriting an existing one is expected.
        Route53Record records = Route53Record.Builder.create(this, "validation-record")
            .zoneId(props.hostedZoneId())
            .name("${each.value.resource_record_name}")
            .type("${each.value.resource_record_type}")
            .records(List.of("${each.value.resource_record_value}"))
            .ttl(300)
            .allowOverwrite(true)
            .build();
        records.addOverride("for_each", "${{for option in " + certificateAddress
            + ".domain_validation_options : option.domain_name => option}}");
        String recordsAddress = records.getTerraformResourceType() + "." + records.getFriendlyUniqueId();

        AcmCertificateValidation.Builder validationBuilder = AcmCertificateValidation.Builder.create(this, "validation")
            .certificateArn(certificate.getArn());
        props.provider().ifPresent(validationBuilder::provider);
        this.validation = validationBuilder.build();
        validation.addOverride("validation_record_fqdns", "${[for record in " + recordsAddress + " : record.fqdn]}");
    }

    /** The ARN of the issued certificate (available once validation has completed). */
    public String getValidatedArn() {
        return validation.getCertificateArn();
    }
}
