"""``penalty check`` validates the dated parameters of data/benchmark.yaml and lists them; a
broken parameter makes it fail naming the file, the parameter and the problem."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from penalty.catalogue.loader import data_digest
from penalty.cli import app

runner = CliRunner()


def test_check_lists_every_dated_parameter(data_dir):
    r = runner.invoke(app, ["check"], env={"PENALTY_DATA_DIR": str(data_dir)})
    assert r.exit_code == 0, r.output
    params = json.loads(r.output)["parameters"]
    assert params["split.lenient_upper_pct"] == {"2025-08-01": 30}
    assert params["split.aggravated_lower_pct"] == {"2025-08-01": 70}
    assert params["split.float_pp"] == {"2025-08-01": 10}
    assert params["apl.limitation_years"] == {"1996-10-01": 2}
    assert params["apl.limitation_years_serious"] == {"1996-10-01": 2, "2021-07-15": 5}
    assert params["apl.no_liability_age_below"] == {"1996-10-01": 14}
    assert params["apl.minor_age_below"] == {"1996-10-01": 18}
    assert params["apl.no_fault_defence"] == {"1996-10-01": False, "2021-07-15": True}
    assert params["repeat_offence.window_months"] == {"2025-08-01": 12}
    assert params["repeat_offence.min_prior_penalties"] == {"2025-08-01": 2}


def test_check_refuses_dates_out_of_order(data_dir, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(data_dir, root)
    path = root / "benchmark.yaml"
    text = path.read_text(encoding="utf-8")
    find = "values: {1996-10-01: false, 2021-07-15: true}\n    citation: APL 2021 text Art. 33(1)"
    assert text.count(find) == 1
    path.write_text(text.replace(find, find.replace(
        "{1996-10-01: false, 2021-07-15: true}", "{2021-07-15: true, 1996-10-01: false}")),
        encoding="utf-8")
    assert data_digest(root) != data_digest(data_dir)  # a new folder: no cached parse applies
    r = runner.invoke(app, ["check"], env={"PENALTY_DATA_DIR": str(root)})
    assert r.exit_code == 3
    assert "benchmark.yaml" in r.output and "apl.first_violation_no_penalty" in r.output
    assert "ascending order" in r.output
