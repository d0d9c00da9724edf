package dev.openhands.platform.sandbox.api;

import dev.openhands.platform.sandbox.registry.SandboxRecord;

import java.util.regex.Pattern;

/**
 * On whose behalf a request acts. The API key authenticates the app server; the app server names the user in the
 * {@value #HEADER} header, on every call. The stock OpenHands clients name nobody (they keep ownership in their own
 * database): their requests act for {@link SandboxRecord#DEFAULT_OWNER}, so a single-user deployment works as
 * before, and conversations started for a named user are invisible to them.
 */
public final class Caller {

    public static final String HEADER = "X-OpenHands-User";
    static final Pattern NAME = Pattern.compile("^[A-Za-z0-9@._+-]{1,128}$");

    private Caller() {
    }

    /** The owner this request acts for; a header that is present but not a valid user name is refused (400). */
    public static String of(ApiRequest request) {
        String named = request.header(HEADER);
        if (named == null) {
            return SandboxRecord.DEFAULT_OWNER;
        }
        if (!NAME.matcher(named).matches() || named.equals(SandboxRecord.DEFAULT_OWNER)) {
            throw new ApiException(400, HEADER + " must be 1-128 letters, digits or @._+- and not '" + SandboxRecord.DEFAULT_OWNER
                + "' (which stands for callers that name no user); leave the header out to act as that default owner");
        }
        return named;
    }
}
