"""The Jinja2 environment of the pages: templates end in .html and are always autoescaped."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..model import outlet_label, story_outlets
from .markup import annotated_segments, quoted_segments, safe_href

TEMPLATE_SUFFIX = ".html"

env = Environment(
    loader=PackageLoader("storyscope.web", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
env.globals.update(safe_href=safe_href, quoted_segments=quoted_segments, annotated_segments=annotated_segments)
env.filters.update(outlet_label=outlet_label, story_outlets=story_outlets)  # one spelling and count (model.py)


def render(name: str, **context) -> str:
    if not name.endswith(TEMPLATE_SUFFIX):
        raise ValueError(f"page templates end in {TEMPLATE_SUFFIX}: {name!r}")
    return env.get_template(name).render(**context)
