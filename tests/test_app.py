"""The Streamlit app: every tab renders for each sample, broken and empty uploads, what-if.

AppTest cannot upload files, so uploads are exercised through the same cached import
function the uploader feeds (``_analyse``) and through the sample picker.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SAMPLES

SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("*.xlsx"))


PAGES = ["Overview", "Import", "Findings", "Graph", "RACI", "Journeys", "What-if", "Export",
         "Compare", "Neo4j", "Observed"]


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)


def _open(at: AppTest, page: str) -> AppTest:
    """Switch the navigation to ``page`` (only the open page is rendered)."""
    next(r for r in at.radio if r.key == "page").set_value(page).run()
    return at


@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_every_page_renders_for_each_sample(sample):
    at = _app().run()
    at.sidebar.selectbox[0].select(sample).run()
    assert not at.exception and not at.error
    navigation = next(r for r in at.radio if r.key == "page")
    assert list(navigation.options) == PAGES
    assert at.metric[0].label == "Fragmentation index"
    tables = len(at.dataframe)
    for page in PAGES[1:]:
        _open(at, page)
        assert not at.exception and not at.error, page
        # only the open page is rendered: the overview's index is gone
        assert not any(m.label == "Fragmentation index" for m in at.metric), page
        tables += len(at.dataframe)
    assert tables >= 4  # overview tables, import tables, findings, RACI


@pytest.mark.parametrize(("name", "content", "says"), [
    ("broken.xlsx", b"PK\x03\x04 this is not really a workbook", "damaged"),
    ("empty.csv", b"", "is empty"),
    ("notes.csv", b"just,some\nwords,here\n", "no sheet holds a RACI matrix"),
])
def test_broken_or_empty_files_show_one_clear_message(monkeypatch, tmp_path, name, content,
                                                      says):
    (tmp_path / name).write_bytes(content)
    monkeypatch.setenv("OPMODEL_SAMPLES_DIR", str(tmp_path))
    at = _app().run()
    assert not at.exception
    (error,) = at.error
    assert says in error.value
    assert name in error.value and "upload" not in error.value  # the user's file, not a temp
    assert not [r for r in at.radio if r.key == "page"]


def test_scheme_selector_changes_the_reading():
    at = _app().run()
    at.sidebar.selectbox[0].select("bare_raci.xlsx").run()
    at.sidebar.selectbox[1].select("rasci").run()
    assert not at.exception
    assert "RASCI" in at.caption[0].value


def test_what_if_seam_owner_changes_the_index():
    at = _app().run()
    at.sidebar.selectbox[0].select("retail_order_to_resolution.xlsx").run()
    before = at.metric[0].value
    _open(at, "What-if")
    seam_form = at.get("form")[0]
    assert seam_form is not None
    at.button(key="FormSubmitter:seam-Apply").click().run()
    assert not at.exception
    assert at.session_state["edits"], "the edit was recorded"
    assert any("owns the seam" in m.value for m in at.markdown)
    _open(at, "Overview")
    after = at.metric[0].value
    assert after != before


def test_what_if_refuses_a_self_escalation():
    at = _open(_app().run(), "What-if")
    source = at.selectbox(key="esc_from").value
    at.selectbox(key="esc_to").select(source).run()
    at.button(key="FormSubmitter:escalation-Apply").click().run()
    assert not at.exception
    assert any("cannot escalate to itself" in e.value for e in at.error)
    assert not at.session_state["edits"]


def test_compare_page_shows_the_sample_redesign_and_the_what_if():
    at = _open(_app().run(), "Compare")
    compare = next(r for r in at.radio if r.label == "Compare")
    compare.set_value("the sample redesign (Brightcart current → target)").run()
    assert not at.exception
    assert any("This redesign closes 14 findings" in m.value for m in at.markdown)
    resolved = next(m for m in at.metric if m.label == "Resolved")
    assert resolved.value == "14"
    at.sidebar.selectbox[0].select("retail_order_to_resolution.xlsx").run()
    _open(at, "What-if").button(key="FormSubmitter:seam-Apply").click().run()
    _open(at, "Compare")
    compare = next(r for r in at.radio if r.label == "Compare")
    compare.set_value("this model with its what-if edits").run()
    assert not at.exception
    assert next(m for m in at.metric if m.label == "Resolved").value != "0"


def test_overview_says_when_import_errors_changed_the_analysis():
    at = _app().run()
    at.sidebar.selectbox[0].select("bare_raci.xlsx").run()  # one cell it cannot read
    assert not at.exception
    (notice,) = [w for w in at.warning if "import error(s) changed this analysis" in w.value]
    assert "1 import error(s)" in notice.value
    assert any(e.label == "The 1 import error(s)" for e in at.expander)
    at.sidebar.selectbox[0].select("retail_order_to_resolution.xlsx").run()
    assert not [w for w in at.warning if "changed this analysis" in w.value]


def test_any_failure_while_analysing_is_one_sentence(monkeypatch, tmp_path):
    """Issue 14: whatever a library raises (here the ValueError Python raises on a number
    with more than 4,300 digits) is shown as one sentence naming the file, not a traceback."""
    import opmodel.analysis

    def overflow(*_args, **_kwargs):
        int("9" * 5000)

    monkeypatch.setattr(opmodel.analysis, "parse", overflow)
    (tmp_path / "digits.csv").write_bytes(b"Activity,Sales\nShip order,A\n# digits-test\n")
    monkeypatch.setenv("OPMODEL_SAMPLES_DIR", str(tmp_path))
    at = _app().run()
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith("digits.csv could not be analysed (ValueError")
    assert "Traceback" not in error.value and "\n" not in error.value
    assert not [r for r in at.radio if r.key == "page"]


def test_graph_page_can_show_only_the_seams_nobody_owns():
    """The seam map's ownership filter: only seams without any owner stay drawn (red),
    and the page says the others were folded."""
    import base64
    import json
    import re

    at = _app().run()
    at.sidebar.selectbox[0].select("retail_order_to_resolution.xlsx").run()
    _open(at, "Graph")
    at.selectbox(key="g_owned").select("none").run()
    assert not at.exception
    src = at.get("iframe")[0].proto.src
    html = base64.b64decode(src.removeprefix("data:text/html;base64,")).decode("utf-8")
    edges = json.loads(re.search(r"var EDGES = (.*);\n", html).group(1))
    assert edges and all(e["color"]["color"] == "#d62728" for e in edges)
    assert any("lighter seams" in w.value and "folded" in w.value for w in at.warning)


def test_graph_page_highlights_a_thing_to_fix():
    """The overview's first thing to fix, picked on the Graph page, lights its teams on the
    seam map and fades the others."""
    import base64
    import json
    import re

    at = _app().run()
    at.sidebar.selectbox[0].select("retail_order_to_resolution.xlsx").run()
    _open(at, "Graph")
    pick = at.selectbox(key="g_find")
    first = pick.options[1]
    assert first.startswith("To fix (high): ")
    pick.select_index(1).run()
    assert not at.exception
    src = at.get("iframe")[0].proto.src
    html = base64.b64decode(src.removeprefix("data:text/html;base64,")).decode("utf-8")
    nodes = json.loads(re.search(r"var NODES = (.*);\n", html).group(1))
    marked = [n for n in nodes if n.get("borderWidth") == 5]
    faded = [n for n in nodes if n["color"]["background"] == "#e4e7eb"]
    assert marked and faded and len(marked) + len(faded) == len(nodes)
