"""Helpers for the service's browser test, screenshot and load benchmark.

:func:`running_server` runs a real uvicorn server on 127.0.0.1 (a free port) in a thread;
:func:`launch_chromium` starts Debian's Chromium through Playwright, headless and offline.
Run ``python -m tests.serve_support OUT.png`` to redraw the page's picture in ``docs/``.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

from tests.markers import CHROMIUM, CHROMIUM_ARGS

PHONE = {"width": 412, "height": 915}

# Written for the page's picture and the browser test: a made-up event.
SAMPLE_TEXT = (
    "افتتاح ميناء جديد في مدينة الساحل\n"
    "افتتحت الحكومة يوم الأحد ميناء جديدا في مدينة الساحل بتكلفة بلغت ثلاثمئة مليون دولار.\n"
    "وقال وزير النقل إن الميناء سيستقبل أكثر من مئة سفينة في الشهر خلال العام الأول.\n"
    "وأضاف الوزير أن المشروع وفر نحو ألفي وظيفة لسكان المدينة والقرى المجاورة.\n"
)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_server(app: Any, *, timeout: float = 20.0, **options: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 in a thread; yield its base URL; stop it after.

    ``options``: more ``uvicorn.Config`` arguments (``http=``, ``log_config=None``...).
    """
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", **options)
    )
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on port {port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless, with nothing that reaches the network on its own."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def screenshot(out: str) -> None:
    """Draw the page after a briefing at a phone's width, English and Arabic side by side, into ``out``.

    Needs ImageMagick (``convert``) to put the two side by side; without it only the English
    page is drawn.
    """
    import subprocess
    import tempfile

    from playwright.sync_api import sync_playwright

    from briefing import Briefer, FakeTranslator
    from briefing.serve import create_app

    app = create_app(Briefer(translator=FakeTranslator()))
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_server(app) as base,
        sync_playwright() as playwright,
    ):
        browser = launch_chromium(playwright)
        shots = []
        for locale, outlet in (("en-US", "Coast Daily"), ("ar", "صحيفة الساحل")):
            page = browser.new_page(viewport=PHONE, device_scale_factor=1.5, locale=locale)
            page.goto(base + "/")
            page.fill(".text-item textarea", SAMPLE_TEXT)
            page.fill(".text-item .outlet", outlet)
            page.check("input[value=html]")
            page.click("#submit")
            page.wait_for_selector("#downloads a")
            shots.append(f"{tmp}/{locale}.png")
            page.screenshot(path=shots[-1], full_page=True)
            page.close()
        browser.close()
        convert = shutil.which("convert")
        if convert is None:
            shutil.copyfile(shots[0], out)
            return
        join = ["-background", "#ffffff", "-splice", "24x0", "+append", "-chop", "24x0", "+repage"]
        subprocess.run([convert, shots[0], shots[1], *join, out], check=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python -m tests.serve_support OUT.png", file=sys.stderr)
        raise SystemExit(2)
    screenshot(sys.argv[1])
