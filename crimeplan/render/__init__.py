"""Presentation of result objects: terminal tables, CSV/JSON, charts. No figure is computed here."""
