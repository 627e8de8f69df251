"""Scoring the coder against gold data."""
