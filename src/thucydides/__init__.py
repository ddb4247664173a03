"""Thucydides: political event data from news articles."""

__version__ = "0.1.0"
