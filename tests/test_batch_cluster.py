"""The same batch on a Dask cluster gives exactly the outputs of a local run."""

from __future__ import annotations

import io

import pytest

from juesuan_extract.batch import executors as batch_executors
from juesuan_extract.batch.executors import BatchError
from juesuan_extract.batch.run import BatchSettings, run_batch
from test_batch_helpers import make_mixed_folder, snapshot

distributed = pytest.importorskip(
    "distributed", reason="Dask is not installed: pip install 'juesuan-extract[cluster]'")


@pytest.mark.slow
def test_a_dask_cluster_gives_the_outputs_of_a_local_run(tmp_path):
    in_dir = make_mixed_folder(tmp_path / "in")
    local = run_batch(BatchSettings(in_dir, tmp_path / "local", jobs=2), stream=io.StringIO())
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        log = io.StringIO()
        remote = run_batch(BatchSettings(in_dir, tmp_path / "cluster", cluster=cluster.scheduler_address),
                           stream=log, live=False)
    assert remote.extracted == local.extracted > 0 and remote.notes == []
    assert remote.failed_files == local.failed_files == 3
    assert f"[{remote.extracted}/{remote.extracted}]" in log.getvalue()
    assert snapshot(tmp_path / "cluster") == snapshot(tmp_path / "local")


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_executors, "CONNECT_SECONDS", 1.0)
    in_dir = tmp_path / "in"
    in_dir.mkdir()
    (in_dir / "a.pdf").write_bytes(b"%PDF-1.4\n")
    settings = BatchSettings(in_dir, tmp_path / "out", cluster="tcp://127.0.0.1:9")
    with pytest.raises(BatchError, match="cannot reach the Dask scheduler"):
        run_batch(settings, stream=io.StringIO())
