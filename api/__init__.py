"""The policykg web service: SPARQL endpoint, JSON REST API and pyvis views.

``create_app(settings=None) -> FastAPI`` (in :mod:`api.app`) is the only entry
point; there are no module-level app objects or globals.
"""

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
