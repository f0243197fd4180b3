"""Where the repository's data lives: models/, corpus/ and the shared data beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path


def repo_root() -> Path:
    """The checkout holding this package (editable install), else the current directory."""
    for candidate in (Path(__file__).resolve(), Path.cwd().resolve()):
        for parent in (candidate, *candidate.parents):
            if (parent / "pyproject.toml").is_file() and (parent / "models").is_dir():
                return parent
    return Path.cwd()


def models_dir() -> Path:
    return Path(os.environ.get("RESMINE_MODELS", repo_root() / "models"))


def shared_dir() -> Path:
    """``../shared`` beside the checkout, or ``$RESMINE_SHARED``."""
    return Path(os.environ.get("RESMINE_SHARED", repo_root().parent / "shared"))
