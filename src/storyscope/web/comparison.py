"""Two articles side by side, and one person or organisation across outlets (pages and API)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
