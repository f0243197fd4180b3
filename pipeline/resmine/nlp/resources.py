"""Data folders that pipeline components read: dictionaries, rule tables, model weights.

A component gets its folder from the pipeline config (``[paths]`` in ``models/pipeline.cfg``;
null means the folder shipped in ``models/``), reads it on first use, and carries a copy of it
when the pipeline is saved (``nlp.to_disk``), so that a saved or packaged pipeline loads with
``spacy.load`` on a machine without this checkout: spaCy calls ``from_disk`` with the saved
folder, and the component reads its copy from there.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from resmine.paths import models_dir

T = TypeVar("T")


def resolve_dir(configured: str | Path | None, default: str) -> Path:
    """``configured``, else ``models/<default>`` of this checkout."""
    return Path(configured) if configured else models_dir() / default


class FolderResource(Generic[T]):
    """A folder and what ``loader`` makes of it, loaded once, on first use."""

    def __init__(self, folder: Path, loader: Callable[[Path], T], name: str) -> None:
        self.folder = folder
        self.name = name  # the sub-folder it is saved under
        self._loader = loader
        self._value: T | None = None

    def get(self) -> T:
        if self._value is None:
            self._value = self._loader(self.folder)
        return self._value

    def to_disk(self, path: Path) -> None:
        target = Path(path) / self.name
        if target.resolve() != self.folder.resolve():
            shutil.copytree(self.folder, target, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.md"))

    def from_disk(self, path: Path) -> None:
        folder = Path(path) / self.name
        if folder.is_dir():
            self.folder = folder
            self._value = None
        # else: a pipeline saved without its data (resmine's NER model in models/ner keeps
        # no copy of the dictionaries): the configured folder stays


class ResourceComponent:
    """Base of the components that read data folders: ``resources`` lists them, and the
    serialisation spaCy calls writes and reads each one."""

    resources: tuple[FolderResource, ...] = ()

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        for resource in self.resources:
            resource.to_disk(Path(path))

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> "ResourceComponent":
        for resource in self.resources:
            resource.from_disk(Path(path))
        return self
