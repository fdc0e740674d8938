"""Writing a file so that it is never half-written: the new bytes, or the old file.

A picture or a model written straight into its file is truncated first and filled
after: a crash, a full disk or Ctrl-C in between leaves a broken file where a good
one was.  ``write_atomically`` writes to a new file beside the target and then swaps
it in with ``os.replace``, a single step: whoever reads the path sees the old file or
the new one, never a part.
"""

from __future__ import annotations

import os
import stat
import uuid
from pathlib import Path


def write_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` in one step: on any failure the old file is left intact.

    A symbolic link is followed: the file it points to is replaced and the link stays,
    as ``open(path, "wb")`` would do (replacing the link itself would leave the old
    contents in the file everything else reads).  The new file keeps the old one's
    permissions.

    Args:
        path: the file to write; its folder must exist.
        data: the whole contents.

    Returns:
        The file written (the link's target, for a link).

    Raises:
        OSError: if the file cannot be written (FileNotFoundError for a missing folder).
    """
    target = Path(os.path.realpath(path))
    # Same folder as the target, so os.replace is a rename on one file system.
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_permissions(target, temp)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    return target


def _keep_permissions(target: Path, temp: Path) -> None:
    # The new file replaces the old one, so it gets the old one's permissions: a file
    # kept private (chmod 600) must not become readable by everyone on the next save.
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return
    os.chmod(temp, mode)


def _sync_folder(folder: Path) -> None:
    # Make the rename itself durable; not every platform lets a folder be opened.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
