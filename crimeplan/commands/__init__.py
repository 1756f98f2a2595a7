"""CLI commands that live beside their concern; registered in crimeplan.cli."""
