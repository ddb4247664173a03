"""The HTTP API (FastAPI) and the web dashboard it serves: ``thucydides serve``."""
from thucydides.api.app import Settings, create_app

__all__ = ["Settings", "create_app"]
