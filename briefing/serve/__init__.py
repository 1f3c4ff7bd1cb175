"""``briefing serve``: a local HTTP service and a page for editors, over one :class:`~briefing.Briefer`.

The web framework (FastAPI, uvicorn) is an optional extra, ``pip install "briefing[serve]"``,
imported only by :func:`create_app` and the ``serve`` command. This module holds the
settings, so that ``briefing --help`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefing.serve.settings import DEFAULT_HOST, DEFAULT_PORT, ServeConfig

if TYPE_CHECKING:
    from briefing.briefer import Briefer

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "ServeConfig", "create_app"]


def create_app(briefer: Briefer, config: ServeConfig | None = None) -> Any:
    """The FastAPI application (see :func:`briefing.serve.app.create_app`)."""
    # Lazy: app.py imports FastAPI, which `briefing --help` and `serve --help` must not load.
    from briefing.serve.app import create_app as _create

    return _create(briefer, config)
