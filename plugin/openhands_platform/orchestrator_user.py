"""The user an orchestrator call is made for: `X-OpenHands-User` on every request to the sandbox orchestrator
(docs/sandboxes.md, "Ownership"). The orchestrator records the first caller as a conversation's owner and answers
404 to everyone else; without the header it acts for the default owner, so a user id must never go missing."""
from __future__ import annotations

import re
from typing import Awaitable, Callable
from urllib.parse import urlsplit

from openhands_platform.middleware import current_identity
from openhands_platform.stores import user_prefix

HEADER = "X-OpenHands-User"


def user_headers(user_id: str | None) -> dict[str, str]:
    user_prefix(user_id)  # raises for None or a malformed id: never fall back to the default owner
    return {HEADER: user_id}


# The one orchestrator call OpenHands makes outside a user's request: GET /sessions/{id} from the webhook routes
# (served as admin) to read the sandbox's session key.
_SESSION = re.compile(r"^/sessions/([A-Za-z0-9_-]{1,128})$")

OwnerLookup = Callable[[str], Awaitable[str | None]]


def request_hook(api_url: str, owner_of: OwnerLookup | None = None):
    """An httpx request hook: calls to the orchestrator carry the user they are made for.

    While serving a user's request that is the verified user. Outside one (the sandbox webhooks), a read of one
    sandbox names the owner OpenHands recorded for it (owner_of); anything else goes out without the header and the
    orchestrator answers it for its default owner only."""
    base = urlsplit(api_url.rstrip("/") + "/")

    async def hook(request) -> None:
        url = urlsplit(str(request.url))
        if (url.scheme, url.netloc) != (base.scheme, base.netloc) or not url.path.startswith(base.path):
            return
        request.headers.pop(HEADER, None)
        identity = current_identity.get()
        if identity is not None:
            request.headers.update(user_headers(identity.user_id))
            return
        match = _SESSION.match("/" + url.path[len(base.path):])
        if match and owner_of is not None:
            owner = await owner_of(match.group(1))
            if owner:
                request.headers.update(user_headers(owner))

    return hook
