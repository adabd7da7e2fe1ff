"""Transforms: Document -> Document steps (numbering, annexes), run in a fixed order."""
