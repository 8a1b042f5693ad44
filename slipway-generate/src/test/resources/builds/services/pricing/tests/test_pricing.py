import pytest

from pricing import total


def test_a_line_costs_unit_price_times_quantity():
    assert total(250, 3) == 750


def test_a_negative_quantity_is_refused():
    with pytest.raises(ValueError):
        total(250, -1)
