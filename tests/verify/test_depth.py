"""Depth tiers size the work; an omitted tier inherits the one below it."""

import pytest

from verify.depth import Depth


def test_pick_inherits_downwards():
    assert Depth("quick").pick(1, 2, 3) == 1
    assert Depth("standard").pick(1, 2, 3) == 2
    assert Depth("paper").pick(1, 2) == 2
    assert Depth("paper").pick(1) == 1


def test_ordering():
    assert Depth("paper").at_least("standard") and not Depth("quick").at_least("standard")


def test_unknown_tier_names_the_argument():
    with pytest.raises(ValueError, match="depth: unknown tier 'deep'"):
        Depth("deep")
