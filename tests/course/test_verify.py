"""`make verify`, the instructor's pre-class check (course.verify)."""

import shutil

import nbformat

from course import verify


def test_environment_and_notebooks_pass_here(capsys):
    assert verify.main(["--skip-derivations"]) == 0
    out = capsys.readouterr().out
    assert "✓ numpy" in out and "✓ Jupyter kernel python3" in out and "✓ 01_sigmoid.ipynb" in out
    assert "✓ Ready for class" in out and "✗" not in out


def test_a_missing_lesson_is_reported(tmp_path, capsys):
    shutil.copy(verify.ROOT / "notebooks" / "00_index.ipynb", tmp_path)
    assert verify.main(["--skip-derivations", "--notebooks", str(tmp_path)]) == 1
    assert "✗ 01_sigmoid.ipynb is missing" in capsys.readouterr().out


def test_derivations_are_rerun_and_a_broken_step_is_caught(tmp_path):
    source = verify.ROOT / "notebooks" / "01_sigmoid.ipynb"
    shutil.copy(source, tmp_path / source.name)
    lines = []
    ok, count, deliberate = verify.check_derivations(tmp_path, lines.append)
    assert ok and count >= 3 and deliberate >= 1, "\n".join(lines)
    assert any(line.strip().startswith("✓ ") for line in lines)

    # the same lesson with one step of its derivation changed: exp(-x) -> exp(x)
    notebook = nbformat.read(source, as_version=4)
    step = "(sympy.exp(-x) * u ** hold(-2),"
    cells = [c for c in notebook.cells if step in c.source]
    assert len(cells) == 1
    cells[0].source = cells[0].source.replace(step, "(sympy.exp(x) * u ** hold(-2),")
    nbformat.write(notebook, tmp_path / source.name)
    lines = []
    ok, _, _ = verify.check_derivations(tmp_path, lines.append)
    assert not ok
    assert any("DIFFERENT from the published lesson" in line for line in lines)
    assert any(line.strip().startswith("✗ = exp(x)*(1 + exp(-x))**(-2)") for line in lines), "\n".join(lines)
