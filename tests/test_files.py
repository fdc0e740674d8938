"""autograd.files.write_atomically: the new bytes, or the old file, never a part."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import autograd.files
from autograd import Value, draw_graph
from autograd.files import write_atomically
from autograd.render import save


def _fail(fd: int) -> None:
    raise OSError("disk full (simulated)")


def test_it_writes_the_bytes_and_returns_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    assert write_atomically(path, b"one") == path
    assert write_atomically(path, b"two!") == path
    assert path.read_bytes() == b"two!"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_a_failure_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(b"old")
    monkeypatch.setattr(autograd.files.os, "fsync", _fail)
    with pytest.raises(OSError, match="simulated"):
        write_atomically(path, b"new and longer")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_a_link_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    target, link = tmp_path / "target.bin", tmp_path / "link.bin"
    target.write_bytes(b"old")
    link.symlink_to(target)
    assert write_atomically(link, b"new") == target
    assert link.is_symlink() and target.read_bytes() == b"new"


def test_the_old_files_permissions_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "private.bin"
    path.write_bytes(b"old")
    os.chmod(path, 0o600)
    write_atomically(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_missing_folder_is_an_error_that_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "no" / "a.bin", b"x")
    assert list(tmp_path.iterdir()) == []


def test_saving_a_graph_over_an_old_one_that_fails_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    x = Value(2.0, label="x")
    path = tmp_path / "graph.gv"
    save(draw_graph(x * x), path)
    before = path.read_bytes()
    monkeypatch.setattr(autograd.files.os, "fsync", _fail)
    with pytest.raises(OSError, match="simulated"):
        save(draw_graph(x * x + 1.0), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["graph.gv"]
