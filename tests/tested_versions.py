"""Print the installed versions of briefing's dependencies, for ``requirements/tested.txt``.

Walks the requirements of briefing and every extra through the installed
distributions, adds torch (installed apart, see the README), and prints ``name==version``
lines in sorted order. Run after a green test run::

    python tests/tested_versions.py > requirements/tested.txt

``pip install -c requirements/tested.txt -e ".[dev]"`` then reproduces that environment.
"""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _root_requirements() -> list[Requirement]:
    """briefing's own requirements with every extra, read from pyproject.toml (no install needed)."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for requirements in project["optional-dependencies"].values():  # every extra
        lines += requirements
    requirements = [Requirement(line) for line in lines]
    return [r for r in requirements if canonicalize_name(r.name) != "briefing"] + [Requirement("torch")]


def tested_versions() -> dict[str, str]:
    """``{distribution name: version}`` of everything briefing and its extras pull in, plus torch."""
    found: dict[str, str] = {}
    queue = [(r.name, tuple(sorted(r.extras))) for r in _root_requirements()]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while queue:
        name, extras = queue.pop()
        key = (canonicalize_name(name), extras)
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        # A local label (torch 2.13.0+cpu) would only match that build; 2.13.0 matches every build.
        found[dist.metadata["Name"]] = dist.version.split("+", 1)[0]
        for line in dist.requires or []:
            requirement = Requirement(line)
            wanted = [{**default_environment(), "extra": extra} for extra in ("", *extras)]
            if requirement.marker is None or any(requirement.marker.evaluate(env) for env in wanted):
                queue.append((requirement.name, tuple(sorted(requirement.extras))))
    return found


def main() -> int:
    print(
        "# Versions the test suite passed with (python tests/tested_versions.py), Python "
        f"{sys.version_info.major}.{sys.version_info.minor}. Use as pip constraints:"
    )
    print('#   pip install -c requirements/tested.txt -e ".[dev]"')
    for name, version in sorted(tested_versions().items(), key=lambda item: item[0].lower()):
        print(f"{name}=={version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
