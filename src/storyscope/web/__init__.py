"""The web app: a JSON API and server-rendered pages over one store (``storyscope serve``)."""

from .app import create_app

__all__ = ["create_app"]
