"""OpenHands' OSS lifespan runs Alembic on every app start (app_lifespan/oss_app_lifespan_service.py). Several
tasks starting together would race on the same migration; this one takes a Postgres advisory lock first, so one
task migrates and the others find the schema at head and continue."""
from __future__ import annotations

from sqlalchemy import text

from openhands.app_server.app_lifespan.oss_app_lifespan_service import OssAppLifespanService

# Any fixed 64-bit number; only this app takes it.
MIGRATION_LOCK_KEY = 0x4F48505F4D494752  # "OHP_MIGR"


class LockedMigrationsLifespanService(OssAppLifespanService):
    def run_alembic(self):
        from openhands.app_server.config import get_global_config

        engine = get_global_config().db_session.get_db_engine()
        if engine.dialect.name != "postgresql":
            return super().run_alembic()
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            try:
                super().run_alembic()
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
