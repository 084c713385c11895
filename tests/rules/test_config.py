"""Config files: [tool.opmodel] in pyproject.toml or opmodel.toml; clear errors."""

from __future__ import annotations

import pytest

from opmodel.config import Config, Severity, find_config, load_config
from opmodel.errors import ConfigError


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_documented_values():
    config = load_config(None)
    assert config == Config()
    assert config.thresholds.max_consulted == 4 and config.thresholds.max_escalation_hops == 3
    assert config.thresholds.accountable_share == 0.3


def test_pyproject_tool_table(tmp_path):
    path = write(tmp_path, "pyproject.toml", """
[project]
name = "ops"

[tool.opmodel.thresholds]
max_consulted = 6

[tool.opmodel.severity]
OWN007 = "Medium"

[[tool.opmodel.suppressions]]
rule = "SEAM001"
subject = "team:sales"
reason = "Owned by the sales board"
""")
    config = load_config(path)
    assert config.thresholds.max_consulted == 6
    assert config.severity == {"OWN007": Severity.MEDIUM}
    assert config.suppressions[0].reason == "Owned by the sales board"
    assert find_config(tmp_path) == path


def test_pyproject_without_table_gives_defaults(tmp_path):
    path = write(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n")
    assert load_config(path) == Config(source=str(path))
    assert find_config(tmp_path) is None


def test_opmodel_toml_top_level_is_found_first(tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.opmodel]\ndisable = ['OWN008']\n")
    path = write(tmp_path, "opmodel.toml", "disable = ['OWN007']\n[thresholds]\n"
                                           "max_escalation_hops = 5\n")
    nested = tmp_path / "models" / "eu"
    nested.mkdir(parents=True)
    assert find_config(nested) == path
    config = load_config(path)
    assert config.disable == ("OWN007",) and config.thresholds.max_escalation_hops == 5


@pytest.mark.parametrize(("text", "message"), [
    ("[thresholds]\nmax_consuted = 3\n", "thresholds.max_consuted: unknown setting"),
    ("[thresholds]\nmax_consulted = 'many'\n", "thresholds.max_consulted: Input should be"),
    ("[thresholds]\naccountable_share = 2\n", "thresholds.accountable_share"),
    ("[severity]\nOWN001 = 'urgent'\n", "severity.OWN001"),
    ("[severity]\nOWN999 = 'low'\n", "severity names 'OWN999'"),
    ("[[suppressions]]\nrule = 'OWN001'\nsubject = 'team:a'\n", "suppressions.0.reason"),
    ("[[suppressions]]\nrule = 'OWN001'\nsubject = 'team:a'\nreason = '  '\n",
     "reason must not be blank"),
    ("[[suppressions]]\nrule = 'OWN001'\nreason = 'x'\n", "exactly one of"),
    ("thresholds = [", "not valid TOML"),
])
def test_config_mistakes_are_clear_errors(tmp_path, text, message):
    path = write(tmp_path, "opmodel.toml", text)
    with pytest.raises(ConfigError, match=r"opmodel\.toml") as caught:
        load_config(path)
    assert message in str(caught.value)
    assert caught.value.exit_code == 2


def test_missing_config_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="Cannot read the config file"):
        load_config(tmp_path / "nope.toml")
