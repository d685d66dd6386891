"""juesuan-extract: datasets from Chinese government final-accounts (部门决算) PDFs."""

__version__ = "0.1.0"
