"""The embedded PostgreSQL as root: it runs as an unprivileged system user, which must reach the binaries too."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from core.embedded import EmbeddedPostgres, postgres_bin_dir, stop_process


@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands PostgreSQL to a system user")
def test_binaries_inside_a_private_directory_still_start() -> None:
    # A clone made with `mktemp -d` (0700), or root's home, holds the virtualenv and so the binaries: initdb was denied
    # there ("Permission denied: …/pginstall18/bin/initdb").
    private = Path(tempfile.mkdtemp(prefix="ic-private-"))
    assert private.stat().st_mode & 0o777 == 0o700
    (private / "pginstall").symlink_to(postgres_bin_dir().parent, target_is_directory=True)
    data = Path(tempfile.mkdtemp(prefix="ic-data-"))  # elsewhere: the data directory's own path is granted anyway
    pg = EmbeddedPostgres(data / "pgdata", bin_dir=private / "pginstall" / "bin")
    proc = None
    try:
        pg.prepare()
        proc = pg.spawn()
        assert pg.psql("SELECT 40 + 2").strip() == "42"
        # Only the traverse bit was added: the directory still cannot be listed by others.
        assert private.stat().st_mode & 0o777 == 0o701
    finally:
        if proc is not None:
            stop_process(proc, timeout=30)
        shutil.rmtree(private, ignore_errors=True)
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(pg.socket_dir, ignore_errors=True)
