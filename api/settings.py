"""Service settings, read from the environment (prefix ``POLICYKG_``).

``Settings()`` raises ``pydantic.ValidationError`` for malformed values, e.g.
``POLICYKG_PORT=abc``.
"""

from pathlib import Path

from typing import Optional

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.store import StoreConfig


class Settings(BaseSettings):
    """Where the store lives, where to listen, and request limits."""

    model_config = SettingsConfigDict(env_prefix="POLICYKG_")

    data: Path = Field(Path(".policykg"), description="data directory holding store/")
    host: str = "127.0.0.1"
    port: int = 8000
    build_if_empty: bool = Field(True, description="build the bundled sample when no store exists")
    max_limit: int = Field(1000, ge=1, description="largest page size of list endpoints")
    allow_service: bool = Field(False, description="allow SPARQL SERVICE (outgoing HTTP requests)")
    viz_physics_nodes: int = Field(300, ge=0, description="above this many nodes views draw without physics")
    sparql_query: Optional[str] = Field(None, description="use this SPARQL 1.1 query endpoint instead of the embedded store")
    sparql_update: Optional[str] = Field(None, description="its SPARQL 1.1 Update endpoint (needed to build)")
    sparql_gsp: Optional[str] = Field(None, description="its Graph Store Protocol endpoint (faster loading)")

    def store_config(self) -> StoreConfig:
        """The store these settings select (see graph.store)."""
        return StoreConfig(data_dir=self.data, query_url=self.sparql_query,
                           update_url=self.sparql_update, gsp_url=self.sparql_gsp)
