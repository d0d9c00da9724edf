package dev.openhands.platform.modules.identity;

/** Whether users sign in with a second factor (TOTP from an authenticator app). */
public enum MfaMode {
    /** Password only. */
    OFF("OFF"),
    /** Users may enrol an authenticator app. */
    OPTIONAL("OPTIONAL"),
    /** Every user enrols an authenticator app at first sign-in: the production default. */
    REQUIRED("ON");

    private final String cognitoValue;

    MfaMode(String cognitoValue) {
        this.cognitoValue = cognitoValue;
    }

    /** The value of the user pool's {@code mfa_configuration}. */
    public String cognitoValue() {
        return cognitoValue;
    }
}
