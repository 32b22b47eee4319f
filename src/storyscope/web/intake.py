"""Adding articles from the browser: uploads, pasted text and URLs (pages and API)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
