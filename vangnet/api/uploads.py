"""Uploaded files to a private temporary directory, chunk by chunk, under names the sources recognise."""

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePath

from django.core.files.uploadedfile import UploadedFile

from vangnet.ledger.importing.sources import SourceError


def safe_name(upload: UploadedFile) -> str:
    # Only the last component counts: a client-chosen path must never escape the directory.
    name = PurePath((upload.name or "").replace("\\", "/")).name
    if name in {"", ".", ".."} or name.startswith("."):
        raise SourceError(upload.name or "", "ongeldige bestandsnaam", "invalid file name")
    return name


@contextmanager
def uploads_in_directory(uploads: Sequence[UploadedFile]) -> Iterator[list[Path]]:
    """Writes the uploads to a temporary directory removed afterwards; yields their paths in upload order.

    Django keeps only small uploads in memory and spools the rest to disk; copying in chunks keeps it that
    way, so a file of millions of rows is never held whole.
    """
    with tempfile.TemporaryDirectory(prefix="vangnet-import-") as directory:
        paths: list[Path] = []
        for upload in uploads:
            name = safe_name(upload)
            path = Path(directory) / name
            if path.exists():
                raise SourceError(name, "bestand is twee keer meegestuurd", "file was sent twice")
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            paths.append(path)
        yield paths
