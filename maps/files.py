"""Atomic file writes: a file appears complete or not at all.

Every file the package writes goes through :func:`write_atomic` (text or bytes),
:func:`write_with` (a writer callback, e.g. matplotlib's ``savefig``) or :func:`write_files`
(several files that belong together, e.g. cached data and the metadata that vouches for it).
The data goes to a uniquely named temporary file in the target's folder, which is then renamed
over the target, so two writers of one path never collide and a failure leaves the old file as
it was.

Only regular files are replaced. A target that exists as a directory, device, FIFO or socket is
refused, and so is a symbolic link: renaming over a link would replace the link itself with a
regular file (not write through it), silently breaking it, and a link is how a hostile path
would point a write at a device or a system file. Write to the file the link points to instead.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from maps.errors import OutputError

Writer = Callable[[BinaryIO], None]

_KINDS = (
    (stat.S_ISLNK, "a symbolic link; refusing to replace it, write to its target instead"),
    (stat.S_ISDIR, "a directory, not a file"),
    (stat.S_ISFIFO, "a FIFO, not a regular file"),
    (stat.S_ISSOCK, "a socket, not a regular file"),
    (stat.S_ISCHR, "a device, not a regular file"),
    (stat.S_ISBLK, "a device, not a regular file"),
)


def write_atomic(data: str | bytes, path: Path) -> None:
    """Write text (UTF-8) or bytes to ``path`` atomically; see :func:`write_with`."""
    write_files({path: data})


def write_files(files: Mapping[Path, str | bytes]) -> None:
    """Write every file to a temporary file first, then rename them into place in order, so
    nothing is replaced unless everything could be written (put last the file that vouches
    for the others). Errors as in :func:`write_with`."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            raw = data.encode("utf-8") if isinstance(data, str) else data
            staged.append((_stage(path, _bytes_writer(raw)), path))
        for tmp, path in staged:
            _replace(tmp, path)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def write_with(path: Path, writer: Writer) -> None:
    """Call ``writer`` with a binary file, then rename that file into place at ``path``.

    Raise :class:`OutputError` (one line naming the path) when the target is not a regular
    file or anything cannot be written; the temporary file is removed, the target untouched.
    The new file gets the usual permissions for new files (0666 less the umask), or keeps
    those of the file it replaces, not the private 0600 of temporary files.
    """
    tmp = _stage(path, writer)
    try:
        _replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _bytes_writer(raw: bytes) -> Writer:
    """A writer that writes ``raw``."""

    def write(f: BinaryIO) -> None:
        f.write(raw)

    return write


def _stage(path: Path, writer: Writer) -> Path:
    """A complete temporary file beside ``path`` with the mode the target will have."""
    mode = _check_target(path)
    _make_folder(path)
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _error(path, exc) from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            writer(f)
        os.chmod(tmp, mode)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _error(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _replace(tmp: Path, path: Path) -> None:
    """Rename a staged file over its target (checked again: it may have changed meanwhile)."""
    _check_target(path)
    try:
        os.replace(tmp, path)
    except OSError as exc:
        raise _error(path, exc) from None


def check_target(path: Path) -> None:
    """Raise :class:`OutputError` if ``path`` exists and is not a regular file."""
    _check_target(path)


def _check_target(path: Path) -> int:
    """The mode the written file gets; refuse targets that are not regular files."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return 0o666 & ~_umask()
    except OSError as exc:
        raise _error(path, exc) from None
    for test, what in _KINDS:
        if test(info.st_mode):
            raise OutputError(f"cannot write {path}: it is {what}")
    return stat.S_IMODE(info.st_mode) & 0o777


def _make_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _error(path, exc) from None


def _error(path: Path, exc: OSError) -> OutputError:
    """One line naming the path and the reason."""
    blocker = _file_in_the_way(path.parent)
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and blocker is not None:
        return OutputError(f"cannot write {path}: {blocker} is a file, not a folder")
    reason = exc.strerror or type(exc).__name__
    return OutputError(f"cannot write {path}: {reason}")


def _file_in_the_way(folder: Path) -> Path | None:
    """The nearest of ``folder`` and its parents that exists but is not a folder."""
    for candidate in (folder, *folder.parents):
        if candidate.exists() or candidate.is_symlink():
            return None if candidate.is_dir() else candidate
    return None


def _umask() -> int:
    """The process's umask, read without changing it where Linux shows it (thread-safe)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        status = ""
    for line in status.splitlines():
        if line.startswith("Umask:"):
            return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
