"""Service settings, read from the environment (prefix ``POLICYKG_``).

``Settings()`` raises ``pydantic.ValidationError`` for malformed values, e.g.
``POLICYKG_PORT=abc``.
"""

from pathlib import Path
from typing import Optional

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.query_pool import QueryLimits
from graph.store import StoreConfig
from graph.vocab import ID, base_iri

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


class Settings(BaseSettings):
    """Where the store lives, where to listen, and request limits."""

    model_config = SettingsConfigDict(env_prefix="POLICYKG_")

    data: Path = Field(Path(".policykg"), description="data directory holding store/")
    host: str = "127.0.0.1"
    port: int = 8000
    build_if_empty: bool = Field(True, description="build the bundled sample when no store exists")
    max_limit: int = Field(1000, ge=1, description="largest page size of list endpoints")
    allow_service: bool = Field(False, description="allow SPARQL SERVICE (outgoing HTTP requests)")
    viz_physics_nodes: int = Field(300, ge=0, description="no longer used: every view draws a fixed server-side "
                                   "layout without physics (kept so that existing configurations load)")
    cjk_font: Optional[str] = Field(None, description="font file with Chinese glyphs for PNG exports of views "
                                    "(default: WenQuanYi Micro Hei / Noto Sans CJK if installed)")
    sparql_query: Optional[str] = Field(None, description="use this SPARQL 1.1 query endpoint instead of the embedded store")
    sparql_update: Optional[str] = Field(None, description="its SPARQL 1.1 Update endpoint (needed to build)")
    sparql_gsp: Optional[str] = Field(None, description="its Graph Store Protocol endpoint (faster loading)")
    query_timeout: float = Field(10.0, gt=0, description="seconds a /sparql query may run before it is stopped")
    query_max_rows: int = Field(100_000, ge=1, description="most rows (or triples) a /sparql answer may have")
    query_memory_mb: int = Field(1024, ge=64, description="MB a query worker process may grow to before it is stopped")
    query_workers: int = Field(6, ge=1, description="query worker processes (queries that run at once)")
    query_per_client: int = Field(2, ge=1, description="queries one client address may run at once")
    query_queue_seconds: float = Field(2.0, ge=0, description="seconds a query waits for a free worker before 503")
    response_cache_mb: int = Field(64, ge=0, description="MB of answers to GETs kept per server process for the "
                                   "current store generation (0: none; never for a SPARQL server's store)")
    warm: bool = Field(False, description="at startup, compute the analytics, the default views and the search "
                       "index in a background thread, so the first visitor does not wait (on for `policykg serve`)")
    max_body_bytes: int = Field(1_048_576, ge=1024, description="largest request body accepted (413 above)")
    base_iri: str = Field(str(ID), description="base of instance IRIs (POLICYKG_BASE_IRI); must be the one the "
                                                "store was built with: /id/... answers for <base>...")
    dataset_license: Optional[str] = Field(None, description="IRI of the licence the VoID description states "
                                                             "(none stated when unset)")
    allowed_hosts: Optional[list[str]] = Field(
        None, description="Host header values accepted (JSON list; '*' for any). Default: loopback names "
                          "when bound to a loopback address, any otherwise")

    @field_validator("base_iri")
    @classmethod
    def _base(cls, value: str) -> str:
        return base_iri(value)

    def host_names(self) -> list[str]:
        """The Host names accepted: ``allowed_hosts``, else loopback names when bound to loopback, else any."""
        if self.allowed_hosts is not None:
            return list(self.allowed_hosts)
        if self.host in LOOPBACK:
            return list(LOOPBACK)
        return ["*"]

    def query_limits(self) -> QueryLimits:
        return QueryLimits(timeout=self.query_timeout, max_rows=self.query_max_rows,
                           memory_mb=self.query_memory_mb, workers=self.query_workers,
                           per_client=self.query_per_client, queue_seconds=self.query_queue_seconds)

    def store_config(self) -> StoreConfig:
        """The store these settings select (see graph.store)."""
        return StoreConfig(data_dir=self.data, query_url=self.sparql_query,
                           update_url=self.sparql_update, gsp_url=self.sparql_gsp)
