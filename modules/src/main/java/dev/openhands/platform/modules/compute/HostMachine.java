package dev.openhands.platform.modules.compute;

import dev.openhands.platform.modules.kms.EncryptionKey;

import java.util.Objects;
import java.util.Optional;

/**
 * What EC2 launches for the pilot host: its type, image, disk, metrics and first-boot document. Build it with
 * {@link #builder()}; the setters name each knob, so two settings of one type cannot change places.
 *
 * @param instanceType       EC2 instance type, e.g. {@code m7g.xlarge}
 * @param amiId              a pinned AMI; exactly one of this and {@code amiSsmParameter} is present
 * @param amiSsmParameter    public SSM parameter holding the current AMI id, read at plan time
 * @param rootVolumeGib      size of the encrypted gp3 root volume
 * @param volumeKey          key that encrypts the root volume
 * @param detailedMonitoring one-minute EC2 metrics (billed)
 * @param userData           rendered cloud-init document (sent gzip-compressed)
 */
public record HostMachine(String instanceType, Optional<String> amiId, Optional<String> amiSsmParameter,
                          int rootVolumeGib, EncryptionKey volumeKey, boolean detailedMonitoring, String userData) {

    public HostMachine {
        Objects.requireNonNull(instanceType, "instanceType is required");
        Objects.requireNonNull(amiId, "amiId");
        Objects.requireNonNull(amiSsmParameter, "amiSsmParameter");
        Objects.requireNonNull(volumeKey, "volumeKey is required");
        Objects.requireNonNull(userData, "userData is required");
        if (!instanceType.matches("^[a-z][a-z0-9-]*\\.[a-z0-9]+$")) {
            throw new IllegalArgumentException("'" + instanceType + "' is not an EC2 instance type");
        }
        // One source, so the reader of the props knows which image boots without knowing a precedence rule.
        if (amiId.isPresent() == amiSsmParameter.isPresent()) {
            throw new IllegalArgumentException("give either a pinned AMI id or the SSM parameter that holds one, not "
                + (amiId.isPresent() ? "both" : "neither"));
        }
        amiId.ifPresent(id -> {
            if (!id.matches("^ami-[0-9a-f]{8,17}$")) {
                throw new IllegalArgumentException("'" + id + "' is not an AMI id");
            }
        });
        amiSsmParameter.ifPresent(parameter -> {
            if (!parameter.matches("^[A-Za-z0-9_.\\-/]{1,2048}$")) {
                throw new IllegalArgumentException("'" + parameter + "' is not an SSM parameter name");
            }
        });
        if (rootVolumeGib < 20 || rootVolumeGib > 16384) {
            throw new IllegalArgumentException("rootVolumeGib must be 20..16384");
        }
        if (userData.isBlank()) {
            throw new IllegalArgumentException("userData is empty: the host would boot without its set-up");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings; {@link #build()} checks them all at once. */
    public static final class Builder {
        private String instanceType;
        private Optional<String> amiId = Optional.empty();
        private Optional<String> amiSsmParameter = Optional.empty();
        private Integer rootVolumeGib;
        private EncryptionKey volumeKey;
        private boolean detailedMonitoring;
        private String userData;

        private Builder() {
        }

        /** @param instanceType EC2 instance type, e.g. {@code m7g.xlarge} */
        public Builder instanceType(String instanceType) {
            this.instanceType = instanceType;
            return this;
        }

        /** @param amiId a pinned AMI, e.g. {@code ami-0123456789abcdef0}; instead of {@link #amiSsmParameter} */
        public Builder amiId(String amiId) {
            this.amiId = Optional.of(amiId);
            return this;
        }

        /**
         * @param amiSsmParameter public SSM parameter holding the current AMI id (e.g. Canonical's Ubuntu parameter);
         *                        instead of {@link #amiId}
         */
        public Builder amiSsmParameter(String amiSsmParameter) {
            this.amiSsmParameter = Optional.of(amiSsmParameter);
            return this;
        }

        /** @param rootVolumeGib size of the encrypted gp3 root volume, 20..16384 */
        public Builder rootVolumeGib(int rootVolumeGib) {
            this.rootVolumeGib = rootVolumeGib;
            return this;
        }

        /** @param volumeKey key that encrypts the root volume */
        public Builder volumeKey(EncryptionKey volumeKey) {
            this.volumeKey = volumeKey;
            return this;
        }

        /** @param detailedMonitoring one-minute EC2 metrics; billed, so off unless set */
        public Builder detailedMonitoring(boolean detailedMonitoring) {
            this.detailedMonitoring = detailedMonitoring;
            return this;
        }

        /** @param userData rendered cloud-init document, e.g. {@link PilotUserData#render} */
        public Builder userData(String userData) {
            this.userData = userData;
            return this;
        }

        public HostMachine build() {
            Objects.requireNonNull(rootVolumeGib, "rootVolumeGib is required");
            return new HostMachine(instanceType, amiId, amiSsmParameter, rootVolumeGib, volumeKey, detailedMonitoring, userData);
        }
    }
}
