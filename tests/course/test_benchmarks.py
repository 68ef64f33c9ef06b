"""The benchmark scripts run and print their tables (a smoke test: nothing is timed here;
the numbers are claims only when `make benchmark` measures them in one run)."""

import subprocess
import sys

from browser import ROOT


def run(*args: str) -> str:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_activations_benchmark_prints_its_table_and_verdicts(tmp_path):
    table = tmp_path / "table.md"
    out = run("benchmarks/activations.py", "--quick", "--only", "sigmoid", "relu",
              "--markdown", str(table))
    assert "| sigmoid | chapter3 |" in out and "| relu | posts' code |" in out
    assert "forward + derivative no slower than the posts' code" in out
    assert "sigmoid: forward pass no slower than scipy.special" in out
    assert table.read_text().startswith("100,000 float64 numbers")


def test_softmax_vjp_benchmark_prints_its_table():
    out = run("benchmarks/softmax_vjp.py", "--quick")
    assert "chapter3 softmax_vjp" in out and "agrees with chapter3 softmax_vjp (rtol 1e-10): yes" in out
    assert "target: chapter3 VJP within 2x of PyTorch" in out
