"""The Streamlit app renders every sample, and a broken upload shows one clear message."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SAMPLES


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.xlsx")))
def test_each_sample_renders(sample):
    at = _app().run()
    at.sidebar.selectbox[0].select(sample).run()
    assert not at.exception
    assert at.dataframe, "the sheets and import report tables are shown"
    assert at.metric[0].label == "Teams"
