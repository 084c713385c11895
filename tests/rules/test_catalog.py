"""The catalog: every rule documented, exemplified and validated; the docs page current."""

from __future__ import annotations

import re
import tomllib
from collections import Counter

import pytest

from opmodel.config import Severity, config_from_dict
from opmodel.docs import DEFAULT_PATH, main, render_rules_markdown
from opmodel.rules import REGISTRY, Family, select
from opmodel.rules.registry import rule
from tests.rules.cases import CASES

DESIGN_IDS = (
    [f"OWN00{n}" for n in range(1, 10)] + [f"SEAM00{n}" for n in range(1, 5)]
    + [f"DATA00{n}" for n in range(1, 6)] + [f"ESC00{n}" for n in range(1, 6)]
    + [f"GOV00{n}" for n in range(1, 8)] + ["STR001", "STR002"]
    + [f"JRN00{n}" for n in range(1, 4)]
    + [f"OBS00{n}" for n in range(1, 6)])


def test_the_catalog_is_the_design_catalog_in_order():
    assert list(REGISTRY) == DESIGN_IDS


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_every_rule_is_documented(rule_id):
    meta = REGISTRY[rule_id].meta
    assert meta.title and not meta.title.endswith(".")
    assert len(meta.rationale) > 80 and "customer" in meta.rationale.casefold()
    assert meta.remediation.endswith(".")
    assert meta.id.startswith(meta.family.prefix)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", meta.slug)
    assert REGISTRY[rule_id].func.__doc__


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_every_rule_has_a_firing_and_a_silent_case(rule_id):
    kinds = Counter(case.fires for case in CASES if case.rule == rule_id)
    assert kinds[True] >= 1 and kinds[False] >= 1


def test_case_ids_are_unique():
    assert len({c.id for c in CASES}) == len(CASES)


def test_docs_page_is_up_to_date():
    assert DEFAULT_PATH.read_text(encoding="utf-8") == render_rules_markdown(), (
        "docs/rules.md is stale: run `python -m opmodel.docs`")
    assert main(["--check"]) == 0


def test_docs_page_lists_every_rule_and_threshold():
    text = render_rules_markdown()
    for meta in (r.meta for r in REGISTRY.values()):
        assert f"### {meta.id} {meta.slug}" in text and meta.remediation in text
    assert "`max_consulted` (default `4`)" in text


def test_docs_config_example_is_valid_toml_and_config():
    text = render_rules_markdown()
    example = text.split("```toml\n")[1].split("```")[0]
    table = tomllib.loads(example)["tool"]["opmodel"]
    config = config_from_dict(table)
    assert config.thresholds.max_consulted == 5 and config.disable == ("OWN008",)


def test_docs_check_reports_a_stale_page(tmp_path, capsys):
    stale = tmp_path / "rules.md"
    stale.write_text("old")
    assert main([str(stale), "--check"]) == 1
    assert main([str(stale)]) == 0 and main([str(stale), "--check"]) == 0


@pytest.mark.parametrize(("changes", "error"), [
    ({"id": "OWN1"}, "must match"),
    ({"id": "SEAM009"}, "must start with OWN"),
    ({"slug": "Bad_Slug"}, "kebab-case"),
    ({"id": "OWN001"}, "duplicate rule id"),
    ({"slug": "no-accountable"}, "duplicate rule slug"),
    ({"remediation": " "}, "needs a remediation"),
    ({"requires": {"sheets"}}, "unknown requirement"),
    ({"thresholds": ("max_things",)}, "unknown threshold"),
])
def test_rule_decorator_validates_metadata(changes, error):
    arguments = {"id": "OWN999", "slug": "test-only", "family": Family.OWNERSHIP,
                 "severity": Severity.LOW, "remediation": "Do it.", **changes}

    def check(ctx):
        """Title.

        Rationale for customers.
        """
        yield from ()

    with pytest.raises(ValueError, match=error):
        rule(**arguments)(check)
    assert "OWN999" not in REGISTRY


def test_rule_decorator_needs_a_docstring_with_a_rationale():
    def bare(ctx):
        yield from ()

    def title_only(ctx):
        """Just a title."""
        yield from ()

    for func, error in ((bare, "needs a docstring"), (title_only, "rationale")):
        with pytest.raises(ValueError, match=error):
            rule(id="OWN998", slug="test-only-2", family=Family.OWNERSHIP,
                 severity=Severity.LOW, remediation="Do it.")(func)


def test_select_by_id_slug_family_and_prefix():
    assert [r.meta.id for r in select(["OWN001", "unowned-seam"])] == ["OWN001", "SEAM001"]
    assert [r.meta.id for r in select(["structure"])] == ["STR001", "STR002"]
    assert len(select(["ESC"])) == 5 and len(select(None)) == len(REGISTRY)
    with pytest.raises(KeyError):
        select(["NOPE001"])


def test_severity_orders_by_weight():
    assert sorted(Severity, reverse=True) == [Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM,
                                              Severity.LOW, Severity.INFO]
    assert Severity.HIGH >= Severity.HIGH > Severity.LOW and Severity("info") < Severity.LOW
