"""Search: full text over articles and quotes, with filters (pages and API)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
