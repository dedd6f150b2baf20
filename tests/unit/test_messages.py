"""The one message catalogue (penalty/messages): its checks fail on broken files, and every key
the code asks for exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from penalty.messages import MessageError, catalogue, load, pair, t, written_law

ROOT = Path(__file__).resolve().parents[2]


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_good_file_is_read_and_formatted(tmp_path):
    folder = _write(tmp_path / "m", "a.yaml", "n_cases:\n  en: '{n} cases'\n  zh: '{n}个案例'\n")
    assert load(folder) == {"n_cases": ("{n} cases", "{n}个案例")}


@pytest.mark.parametrize(("text", "problem"), [
    ("k:\n  en: '{n} cases'\n  zh: '案例'\n", "the fields differ"),
    ("k:\n  en: cases\n", "exactly the languages"),
    ("k:\n  en: cases\n  zh: 案例\n  fr: cas\n", "exactly the languages"),
    ("k:\n  en: ''\n  zh: 案例\n", "the en text is empty"),
    ("Bad-Key:\n  en: cases\n  zh: 案例\n", "snake_case"),
    ("k:\n  en: '{n cases'\n  zh: '{n}个'\n", "k"),
    ("- just a list\n", "must be a mapping"),
])
def test_a_broken_file_is_an_error_naming_file_and_key(tmp_path, text, problem):
    folder = _write(tmp_path / "m", "bad.yaml", text)
    with pytest.raises(MessageError, match="bad.yaml") as err:
        load(folder)
    assert problem in str(err.value)


def test_a_key_defined_in_two_files_is_an_error(tmp_path):
    folder = _write(tmp_path / "m", "a.yaml", "k:\n  en: x\n  zh: 甲\n")
    _write(folder, "b.yaml", "k:\n  en: y\n  zh: 乙\n")
    with pytest.raises(MessageError, match="'k' is already defined in a.yaml"):
        load(folder)


def test_lookup_formats_both_languages_and_refuses_unknown_keys_and_languages():
    en, zh = pair("search_hits", n=3)
    assert en.startswith("3 provisions") and zh.startswith("共3个")
    assert t("search_hits", "zh", n=3) == zh
    with pytest.raises(MessageError, match="'no_such_key' is not in"):
        t("no_such_key", "en")
    with pytest.raises(MessageError, match="lang: 'fr'"):
        t("app_title", "fr")


def test_the_package_catalogue_is_valid_and_every_key_the_code_names_exists():
    keys = catalogue()
    used: set[str] = set()
    pattern = re.compile(r"""\b(?:t|tr|pair)\(\s*["']([a-z][a-z0-9_]*)["']\s*[,)]""")
    # the app's pages all speak through this catalogue (t / tr); in penalty/ only the modules
    # importing it do (some have a t() of their own)
    for path in [*(ROOT / "app_pages").rglob("*.py"), ROOT / "streamlit_app.py",
                 *(ROOT / "penalty").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        if ROOT / "penalty" in path.parents and "penalty.messages import" not in text:
            continue
        used |= set(pattern.findall(text))
    assert len(used) > 100, f"only {len(used)} calls of t() found: the scan is broken"
    missing = sorted(used - set(keys))
    assert not missing, f"keys used in code but not in penalty/messages: {missing}"


def test_pair_gives_each_language_its_own_value_of_a_tuple_field():
    en, zh = pair("reason_confiscation", amount=("CNY 1,000", "1,000元"))
    assert en == "Illegal gains of CNY 1,000 are confiscated, apart from the fine."
    assert zh == "没收违法所得1,000元，不计入罚款。"
    # a plain value goes to both languages
    assert pair("reason_limitation_within", years=2, start="2025-01-01", expires="2027-01-01") == (
        "Within the 2-year limitation period running from 2025-01-01 to 2027-01-01.",
        "未超过自2025-01-01起算至2027-01-01的2年时效。")


def test_a_saved_copy_of_the_messages_equals_a_fresh_load(tmp_path, monkeypatch):
    from penalty.catalogue import cache
    from penalty.messages import files_digest

    monkeypatch.setenv("PENALTY_CACHE_DIR", str(tmp_path))
    fresh = load()
    first = cache.cached(files_digest(), load, dict, name="messages")
    again = cache.cached(files_digest(), lambda: pytest.fail("rebuilt"), dict, name="messages")
    assert len(list(tmp_path.glob("messages-*.pickle"))) == 1
    assert again == first == fresh and again is not first
    assert catalogue() == fresh


def test_the_messages_digest_follows_every_file(tmp_path):
    from penalty.messages import files_digest

    _write(tmp_path, "a.yaml", "k:\n  en: one\n  zh: 一\n")
    before = files_digest(tmp_path)
    _write(tmp_path, "a.yaml", "k:\n  en: one!\n  zh: 一\n")
    changed = files_digest(tmp_path)
    _write(tmp_path, "b.yaml", "j:\n  en: two\n  zh: 二\n")
    assert len({before, changed, files_digest(tmp_path)}) == 3


@pytest.mark.parametrize("domain, modules", [
    ("reasons", ["explain.py"]),
    ("practice", ["cases/likely.py", "export/observed.py"]),
    ("procedure", ["procedure/timeline.py", "procedure/ics.py", "procedure/cli.py"]),
])
def test_every_message_of_a_domain_is_used_by_its_code(domain, modules):
    # no dead sentence: each key appears in the modules as a literal, as the prefix of a key built
    # from a code (f"reason_limitation_{status}"), or through observed.py's tx("x") for practice_x
    code = "".join((ROOT / "penalty" / m).read_text(encoding="utf-8") for m in modules)
    named = {f"practice_{k}" for k in re.findall(r"""\btx\(\s*["']([a-z0-9_]+)["']""", code)}
    keys = load_file_keys(ROOT / "penalty" / "messages" / f"{domain}.yaml")
    unused = [k for k in keys if f'"{k}"' not in code and k not in named
              and not any(f'f"{k[:i]}{{' in code for i in range(len(k)))]
    assert not unused, unused
    assert not named - set(keys), f"tx() keys missing from {domain}.yaml: {sorted(named - set(keys))}"


def load_file_keys(path: Path) -> list[str]:
    import yaml

    return list(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("text", "what"), [
    ("the split rule (Art. 12)", "an article number"),
    ("see Arts. 30–33", "an article number"),
    ("依照第十二条", "an article number"),
    ("第二款规定", "an article number"),
    ("最高5万元", "an amount"),
    ("a fine up to CNY 50,000", "an amount"),
    ("under PIPL rules", "a law's code"),
])
def test_written_law_finds_articles_amounts_and_law_codes(text, what):
    problems = written_law({"k": (text, "文字"), "fine": ("Fine (CNY)", "罚款（元）")}, ["PIPL", "APL"])
    assert len(problems) == 1 and problems[0].startswith(f"k (en): {what} written in")


def test_written_law_passes_fields_units_and_words_containing_a_code():
    ok = {"a": ("{n} provisions (CNY)", "共{n}个条款（元）"), "b": ("PIPLine 1 · Dates", "1 · 日期"),
          "c": ("its number, {art}, is reconstructed", "条文序号{art}系重构")}
    assert written_law(ok, ["PIPL"]) == []


def test_the_package_catalogue_writes_no_law_and_penalty_check_reads_it(monkeypatch):
    from typer.testing import CliRunner

    from penalty.catalogue import load_catalogue
    from penalty.cli import app

    cat = load_catalogue()
    assert written_law(catalogue(), [*cat.laws, "APL"]) == []
    r = CliRunner().invoke(app, ["check"])
    assert r.exit_code == 0 and json.loads(r.stdout)["messages"] == len(catalogue())
    # a broken catalogue or a message naming a law fails the check, naming the key
    import penalty.messages as messages

    monkeypatch.setattr(messages, "load", lambda: {"bad": ("under PIPL Art. 66", "第六十六条")})
    r = CliRunner().invoke(app, ["check"])
    assert r.exit_code == 3 and "bad (en): an article number" in r.output

    def broken() -> dict[str, tuple[str, str]]:
        raise MessageError("app.yaml: 'k': the fields differ")

    monkeypatch.setattr(messages, "load", broken)
    r = CliRunner().invoke(app, ["check"])
    assert r.exit_code == 3 and "the fields differ" in r.output


def test_one_assessment_from_the_command_line_reads_the_saved_messages(tmp_path):
    # the first run saves the checked messages; the second words its reasons from that copy
    # without parsing any message file (load() would fail there)
    import json
    import os
    import subprocess
    import sys

    case = tmp_path / "case.json"
    case.write_text(json.dumps({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                                "decision_date": "2025-12-01"}), encoding="utf-8")
    env = {**os.environ, "PENALTY_CACHE_DIR": str(tmp_path / "cache")}
    run = ("import sys\nimport penalty.messages as m\n{patch}from penalty.cli import main\n"
           f"sys.argv = ['penalty', 'assess', {str(case)!r}]\n"
           "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n")
    first = subprocess.run([sys.executable, "-c", run.format(patch="")], env=env,
                           capture_output=True, text=True, check=True)
    assert len(list((tmp_path / "cache").glob("messages-*.pickle"))) == 1
    patch = "def _no(*a, **k):\n    raise SystemExit('parsed the message files')\nm.load = _no\n"
    again = subprocess.run([sys.executable, "-c", run.format(patch=patch)], env=env,
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr[-500:]
    assert json.loads(again.stdout)["reasons"] == json.loads(first.stdout)["reasons"]
