"""UserAuth from the identity the ALB middleware verified. Never a user id of None: to OpenHands' V1 services
None means admin (every per-user filter is skipped, e.g. sql_app_conversation_info_service.py _secure_select)."""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from openhands.server.user_auth.default_user_auth import DefaultUserAuth
from openhands.server.user_auth.user_auth import UserAuth

from openhands_platform.alb_auth import AuthError
from openhands_platform.middleware import STATE_KEY
from openhands_platform.stores import user_prefix


@dataclass
class AlbUserAuth(DefaultUserAuth):
    user_id: str = ""
    email: str | None = None

    async def get_user_id(self) -> str | None:
        user_prefix(self.user_id)  # raises instead of ever answering None or an empty id
        return self.user_id

    async def get_user_email(self) -> str | None:
        return self.email

    @classmethod
    async def get_instance(cls, request: Request) -> UserAuth:
        identity = getattr(request.state, STATE_KEY, None)
        if identity is None:
            # Only exempt paths reach the app without an identity, and they must not ask for one.
            raise AuthError("no verified ALB identity on this request")
        return cls(user_id=identity.user_id, email=identity.email)

    @classmethod
    async def get_for_user(cls, user_id: str) -> UserAuth:
        # Used by the V1 webhook /secrets route after it verified its own JWT, which names the user.
        user_prefix(user_id)
        return cls(user_id=user_id)
