"""The follow-ups page runs on the same real store and client-side services as the clients
page; its fixtures are those, not a copy."""

from tests.ui.clients.conftest import english, services, store

__all__ = ["english", "services", "store"]
