"""data/case_labels.yaml: the words for the case set's codes, places and authorities (read by
penalty/cases/labels.py), complete for every code and for every authority and region of
data/cases.csv."""

from __future__ import annotations

import csv
import shutil

import pytest
from typer.testing import CliRunner

import penalty
from penalty.cases.i18n import authority_zh, code_label, region_zh, sanction_label, unnamed_in_chinese
from penalty.cases.labels import LABELS_FILE, MATCH_LEVELS, _load, case_labels
from penalty.cases.load import read_rows
from penalty.cases.similar import LEVEL_ORDER


def test_codes_have_both_labels_and_the_names_read_as_before():
    labels = case_labels()
    assert tuple(labels.match_levels) == MATCH_LEVELS == LEVEL_ORDER
    assert sanction_label("summons") == "Regulatory talk (约谈)" and sanction_label("summons", "zh") == "约谈"
    assert code_label("authority_types", "public_security", "zh") == "公安机关"
    assert code_label("levels", "district", "en") == "District or county"
    assert code_label("bands", "above_maximum", "zh") == "超过法定最高额"
    assert code_label("levels", "galactic", "zh") == "galactic"  # no label: the code itself
    assert authority_zh("Yuelu District CAC, Changsha") == "长沙市岳麓区网信办"
    assert authority_zh("Chaoyang District CAC, Beijing (guided by national CAC)") == \
        "北京市朝阳区网信办（在国家网信办指导下）"
    assert region_zh("Hubei (inferred from the authority)") == "湖北（推定）"
    assert region_zh("Hunan or Hubei") == "湖南或湖北（推定）"
    assert region_zh("undisclosed") == "未披露"
    assert region_zh("national (registered in Beijing)") == "全国（北京注册当事人）"


def test_every_authority_and_region_of_the_case_set_has_a_chinese_name(data_dir):
    rows, _, _ = read_rows(data_dir / "cases.csv")
    assert len(rows) > 100
    assert unnamed_in_chinese(rows) == []


def test_a_place_without_a_chinese_name_is_reported_by_cases_check(data_dir, tmp_path):
    from penalty.cli import app

    rows, header, _ = read_rows(data_dir / "cases.csv")
    rows[3] = {**rows[3], "authority": "Atlantis Municipal CAC", "region": "Atlantis"}
    problems = unnamed_in_chinese(rows)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (5, "authority", "Atlantis Municipal CAC"), (5, "region", "Atlantis")]
    assert "Atlantis市网信办" in problems[0].reason
    path = tmp_path / "cases.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    r = CliRunner().invoke(app, ["cases", "check", str(path)])
    assert r.exit_code == 1
    assert "column authority: value 'Atlantis Municipal CAC': has no Chinese name" in r.output


@pytest.mark.parametrize(("old", "new", "problem"), [
    ('  referral: {en: "Referral", zh: "移送"}\n', "", "sanctions: no label for referral"),
    ('  district: {en: "District or county", zh: "区县级"}\n',
     '  district: {en: "District or county", zh: "区县级"}\n  galactic: {en: "Galactic", zh: "银河级"}\n',
     "levels"),
    ('  "Wuhan": "武汉"\n', '  "Wuhan": "Wuhan"\n', "no Chinese name for Wuhan"),
    ('{pattern: "^Local CAC", zh: "地方网信部门"}', '{pattern: "^Local CAC(", zh: "地方网信部门"}',
     "is not a regular expression"),
    ('{pattern: "^Local CAC", zh: "地方网信部门"}', '{pattern: "^Local CAC", zh: "{a}地方网信部门"}',
     "not groups of the pattern"),
])
def test_a_broken_labels_file_is_refused_naming_it(data_dir, tmp_path, old, new, problem):
    root = tmp_path / "data"
    shutil.copytree(data_dir, root)
    path = root / LABELS_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(penalty.DataError) as exc:
        _load(path)
    assert LABELS_FILE in str(exc.value) and problem in str(exc.value)
