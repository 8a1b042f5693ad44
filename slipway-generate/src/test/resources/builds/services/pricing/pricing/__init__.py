"""Prices an order."""


def total(cents, quantity):
    """The price of a line: unit price in cents times quantity, never negative."""
    if quantity < 0:
        raise ValueError("quantity must not be negative")
    return cents * quantity
