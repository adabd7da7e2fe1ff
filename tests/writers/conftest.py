"""Fixtures shared by the writer tests."""

import pytest

from tests.writers import browser


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium per test module; each test opens a page (a context) of its own.
    Starting Chromium costs more than most checks that run in it. (``test_site_browser``
    has its own, which also serves its site.)"""
    with browser.chromium() as started:
        yield started
