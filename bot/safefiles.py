"""Reading a knowledge file safely: only a regular file inside the knowledge folder, of a
bounded size. A symbolic link may point within the folder; one that escapes it, loops or
dangles is refused, and so are directories, FIFOs and devices named like a file (opening a
FIFO would wait forever for a writer). Each refusal is a message, never an exception escaping
to the caller, so it becomes a Problem naming the file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

# The largest shipped YAML file is places/uk-areas.yaml at 49 KB: 1 MB is twenty times that,
# and a bounded cost (YAML's parsed form is ~40 bytes a byte, so ~40 MB per file at worst).
MAX_FILE_BYTES = 1024 * 1024


class UnsafeFile(Exception):
    """Why a knowledge file was not read, in words a curator can act on."""


def read_bytes(path: Path, root: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `path`, or UnsafeFile saying why not."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise UnsafeFile("missing file, or a symbolic link to nothing") from None
    except (OSError, RuntimeError):  # ELOOP, or pathlib's "Symlink loop"
        raise UnsafeFile("a symbolic link loop") from None
    if not real.is_relative_to(root.resolve()):
        raise UnsafeFile("a symbolic link to outside the knowledge folder") from None
    try:  # non-blocking, so a FIFO cannot hold the open; fstat then says what it is
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise UnsafeFile(f"cannot read file: {exc.strerror}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a FIFO, device or socket"
        raise UnsafeFile(f"not a regular file ({kind})")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > limit:
            raise UnsafeFile(f"{info.st_size:,} bytes: over the limit of {limit:,} bytes a file")
        data = handle.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise UnsafeFile(f"over the limit of {limit:,} bytes a file")
    return data
