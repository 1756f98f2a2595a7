"""Survey results (victim satisfaction, public confidence): ingest, rates with Wilson intervals,
tests of change, milestones with p′ SPC, and the demo generator (docs/surveys.md)."""
