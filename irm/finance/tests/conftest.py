"""Finance test fixtures: the S000/S004 data set, loaded through the services."""

from __future__ import annotations

import pytest

from irm.finance.fixtures import load_dataset


@pytest.fixture
def dataset(db):
    return load_dataset()
