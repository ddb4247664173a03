"""The API under load, in CI: a short run of bench/api_load.py (30 concurrent clients for 8 s
against GET /events, a dyad query and POST /extract) on a real `thucydides serve` process over
the sample store. Every request must be answered 200: reads are never refused, and /extract
requests wait their turn for the coder instead of being turned away. No timing is asserted.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from server_process import serve

BENCH = Path(__file__).parent.parent / "bench" / "api_load.py"
CLIENTS, SECONDS = 30, 8.0


def _bench():
    spec = importlib.util.spec_from_file_location("api_load", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def test_concurrent_clients_get_no_errors(sample_store, tmp_path):
    bench = _bench()
    with serve(sample_store, tmp_path, "--rate-limit", "0") as server:
        bench.warm_up(server.base)
        result = bench.run_load(server.base, CLIENTS, SECONDS)
        alive = server.process.poll() is None
    print("\n" + result.report())
    assert alive, "the server survived the load"
    assert set(result.statuses) == set(bench.ENDPOINTS), "every endpoint got requests"
    for endpoint in bench.ENDPOINTS:
        assert sum(result.statuses[endpoint].values()) >= CLIENTS // 10, endpoint
    # The clients send /extract in bursts (one request in ten, all at once): a queue that refused
    # early would show here as 503s.
    assert sum(result.statuses["POST /extract"].values()) >= CLIENTS
    assert result.errors() == 0, result.report()
