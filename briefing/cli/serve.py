"""``briefing serve``: the HTTP service and the editors' page (needs ``briefing[serve]``).

FastAPI and uvicorn are imported only when the command runs, so ``briefing --help`` stays light.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
from typing import TYPE_CHECKING

from briefing.cli.options import (
    EXIT_OK,
    add_model_options,
    add_verbose_option,
    eprint,
    glossary_settings,
    usage_error,
)
from briefing.config import ENV_SERVE_TOKEN, offline_from_env, serve_token_from_env
from briefing.errors import BackendUnavailableError
from briefing.serve import DEFAULT_HOST, DEFAULT_PORT, ServeConfig

if TYPE_CHECKING:
    from briefing.briefer import Briefer

log = logging.getLogger("briefing")

ENV_TOKEN = ENV_SERVE_TOKEN
"""Environment variable holding the API token (keeps it out of the process list)."""

_DEFAULTS = ServeConfig()


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``serve`` and its options to ``sub``."""
    parser = sub.add_parser(
        "serve",
        help="run the HTTP API and the page for editors (local by default)",
        description="Serve the briefing API and a page for editors at http://HOST:PORT/ "
        "(API docs at /docs). One model is loaded for the whole process; briefings queue up "
        "and are kept for --job-ttl minutes after they finish. Needs: pip install 'briefing[serve]'.",
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST}: this machine only)"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument(
        "--token",
        help=f"require 'Authorization: Bearer TOKEN' on /api/ (default: ${ENV_TOKEN}; none when unset)",
    )
    parser.add_argument(
        "--allowed-host", action="append", default=[], metavar="NAME",
        help="a host name clients may use besides the bound address and localhost (repeat for more; "
        "'*' for any, e.g. behind a proxy that checks it)",
    )  # fmt: skip
    add_model_options(parser)
    parser.add_argument(
        "--queue-size", type=int, default=_DEFAULTS.queue_size, metavar="N",
        help=f"briefings that may wait; more get 503 (default {_DEFAULTS.queue_size})",
    )  # fmt: skip
    parser.add_argument(
        "--workers", type=int, default=_DEFAULTS.workers, metavar="N",
        help=f"worker threads sharing the model (default {_DEFAULTS.workers})",
    )  # fmt: skip
    parser.add_argument(
        "--job-ttl", type=float, default=_DEFAULTS.job_ttl_s / 60, metavar="MIN",
        help=f"minutes a finished briefing stays downloadable (default {_DEFAULTS.job_ttl_s / 60:g})",
    )  # fmt: skip
    parser.add_argument(
        "--max-articles", type=int, default=_DEFAULTS.max_articles, metavar="N",
        help=f"most articles per request (default {_DEFAULTS.max_articles})",
    )  # fmt: skip
    parser.add_argument(
        "--max-request-mb", type=float, default=_DEFAULTS.max_request_bytes / 1e6, metavar="MB",
        help=f"largest request body in MB of 10^6 bytes (default {_DEFAULTS.max_request_bytes / 1e6:g})",
    )  # fmt: skip
    parser.add_argument(
        "--no-preload", action="store_true", help="load the model on the first briefing instead of at start"
    )
    add_verbose_option(parser)
    return parser


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _briefer(args: argparse.Namespace) -> Briefer:
    """The one Briefer of the process, from the command line's options."""
    from briefing.briefer import Briefer

    return Briefer(
        model=args.model,
        backend=args.backend,
        device=args.device,
        beams=args.beams,
        threads=args.threads,
        compute_type=args.compute_type,
        config=args.config,
        offline=offline_from_env(args.offline),
        models_dir=args.models_dir,
        cache_dir=args.cache_dir,
        use_cache=not args.no_cache,
        **glossary_settings(args),
    )


def run(args: argparse.Namespace) -> int:
    """Run the service until interrupted."""
    try:
        import uvicorn

        from briefing.serve.app import create_app
        from briefing.serve.connections import protocol_class
    except ImportError as exc:
        raise BackendUnavailableError(
            f"briefing serve needs FastAPI and uvicorn ({exc.name} is missing): pip install 'briefing[serve]'"
        ) from None
    token = serve_token_from_env(args.token)
    if not _is_loopback(args.host) and token is None:
        log.warning(
            "serving on %s without a token: anyone who can reach this address can use the model; "
            "pass --token or set %s",
            args.host,
            ENV_TOKEN,
        )
    try:
        config = ServeConfig(
            token=token,
            max_request_bytes=int(args.max_request_mb * 1e6),
            max_articles=args.max_articles,
            queue_size=args.queue_size,
            workers=args.workers,
            job_ttl_s=args.job_ttl * 60,
            bind_host=args.host,
            allowed_hosts=tuple(args.allowed_host),
        )
    except ValueError as exc:
        return usage_error(args, str(exc))
    briefer = _briefer(args)
    if not args.no_preload:
        eprint("briefing serve: loading the model ...")
        briefer.load()
    state = briefer.describe()
    eprint(
        f"briefing serve: {state['model']} ({state['backend']}) on http://{args.host}:{args.port}/ "
        f"(API docs: /docs){'; token required' if token else ''}"
    )
    app = create_app(briefer, config)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="info" if args.verbose else "warning",
        http=protocol_class(config.header_timeout_s, config.body_timeout_s),
        timeout_keep_alive=int(config.keep_alive_s),
    )
    return EXIT_OK
