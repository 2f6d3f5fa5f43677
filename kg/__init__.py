"""kg: a knowledge-graph builder for Chinese regional-economy news."""
__version__ = "0.1.0"
