"""Facial emotion: per-frame analysis (detector) and per-answer / per-session summaries."""
