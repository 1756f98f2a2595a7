"""crimeplan: the performance of a Police and Crime Plan, as a portal and a board paper."""

__version__ = "0.1.0"
