"""The database session injector for RDS Proxy: IAM auth and TLS verify-full (see db_auth.py for why)."""
from __future__ import annotations

from pydantic import PrivateAttr
from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import create_async_engine

from openhands.app_server.services.db_session_injector import DbSessionInjector
from openhands_platform.db_auth import DbSettings, IamTokenSource, connect_params, verify_full_context

# Connections are recycled before the proxy's idle timeout and well inside a token's 15 minutes.
POOL_RECYCLE_SECONDS = 600


class IamDbSessionInjector(DbSessionInjector):
    region: str = ""
    iam_auth: bool = True
    ca_bundle: str = ""
    _tokens: IamTokenSource | None = PrivateAttr(default=None)

    @classmethod
    def from_settings(cls, settings: DbSettings, persistence_dir) -> "IamDbSessionInjector":
        return cls(persistence_dir=persistence_dir, host=settings.host, port=settings.port, name=settings.name,
                   user=settings.user, region=settings.region, iam_auth=settings.iam_auth,
                   ca_bundle=settings.ca_bundle)

    def _settings(self) -> DbSettings:
        return DbSettings(host=self.host, port=self.port, name=self.name, user=self.user, region=self.region,
                          iam_auth=self.iam_auth, ca_bundle=self.ca_bundle)

    def _token_source(self) -> IamTokenSource | None:
        if not self.iam_auth:
            return None
        if self._tokens is None:
            self._tokens = IamTokenSource(self._settings())
        return self._tokens

    def _url(self, driver: str) -> URL:
        # No password in the URL: with IAM auth it is minted per connection in do_connect.
        password = None if self.iam_auth else (self.password.get_secret_value() if self.password else None)
        return URL.create(f"postgresql+{driver}", username=self.user, password=password, host=self.host,
                          port=self.port, database=self.name)

    def _hook(self, sync_engine, driver: str) -> None:
        context = verify_full_context(self.ca_bundle)
        tokens = self._token_source()

        @event.listens_for(sync_engine, "do_connect")
        def _connect(dialect, conn_rec, cargs, cparams):  # noqa: ANN001 - SQLAlchemy's event signature
            connect_params(cparams, driver=driver, context=context, tokens=tokens)

    async def get_async_db_engine(self):
        if self._async_engine is None:
            engine = create_async_engine(self._url("asyncpg"), pool_size=self.pool_size,
                                         max_overflow=self.max_overflow, pool_pre_ping=True,
                                         pool_recycle=POOL_RECYCLE_SECONDS)
            self._hook(engine.sync_engine, "asyncpg")
            self._async_engine = engine
        return self._async_engine

    def get_db_engine(self):
        # Alembic (the OSS lifespan's migrations) runs on this synchronous pg8000 engine.
        if self._engine is None:
            engine = create_engine(self._url("pg8000"), pool_size=self.pool_size, max_overflow=self.max_overflow,
                                   pool_pre_ping=True, pool_recycle=POOL_RECYCLE_SECONDS)
            self._hook(engine, "pg8000")
            self._engine = engine
        return self._engine
