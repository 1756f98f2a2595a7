"""CLI commands that live beside their concern; registered in crimeplan.cli.

Each command imports what it works with inside its own function, not at the top of its module: the
command line loads every command module to list it, so ``crimeplan --help`` and a command's own work
would otherwise pay for DuckDB, Ibis, pyarrow, WeasyPrint and the portal they do not use (issue 20).
These imports are for start-up time only; none dodges a cycle (the layers contract in pyproject.toml
is checked with them counted), and tests/test_cli_startup.py checks which libraries ``--help`` loads."""
