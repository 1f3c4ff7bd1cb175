"""The README's commands, read out of README.md (one truth for CI and for users).

A command block is the first fenced block after an HTML comment ``<!-- command: NAME -->``.
``.ci/run`` runs ``python3 tests/readme_commands.py test README.md`` and evaluates what it prints, so
CI executes exactly the line a newcomer copies; ``tests/test_readme.py`` keeps it that way.
Standard library only: this runs before anything is installed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
_MARKER = re.compile(r"<!--\s*command:\s*([\w-]+)\s*-->\s*\n```([\w-]*)\n(.*?)\n```", re.DOTALL)


def readme_commands(text: str | None = None) -> dict[str, str]:
    """Every named command block of the README: ``{name: command text}``."""
    return {name: body for name, _, body in command_blocks(text)}


def command_blocks(text: str | None = None) -> list[tuple[str, str, str]]:
    """Every named command block, in order: ``(name, fence language, command text)``.

    The same markers name the examples of the documentation (``docs/``); ``tests/test_docs.py``
    reads them with this.
    """
    source = README.read_text(encoding="utf-8") if text is None else text
    return [(name, language, body.strip()) for name, language, body in _MARKER.findall(source)]


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print("usage: readme_commands.py NAME [README.md]", file=sys.stderr)
        return 2
    path = Path(argv[1]) if len(argv) == 2 else README
    commands = readme_commands(path.read_text(encoding="utf-8"))
    if argv[0] not in commands:
        print(
            f"{path} has no '<!-- command: {argv[0]} -->' block; it has: {sorted(commands)}",
            file=sys.stderr,
        )
        return 2
    print(commands[argv[0]])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
