"""Scorers that measure Thucydides components against annotated corpora."""
