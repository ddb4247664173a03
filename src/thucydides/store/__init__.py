"""The event store: schema and migrations, SQLite and PostgreSQL backends, idempotent writes,
cross-article clustering, queries and exports."""
from thucydides.store.backend import Database, StoreError, connect

__all__ = ["Database", "StoreError", "connect"]
