"""Consultation rounds: compare versions, import reactions, write the nota van beantwoording."""
