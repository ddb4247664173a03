"""`python -m thucydides ...`: the same command line as the `thucydides` script."""
from thucydides.cli import app

app(prog_name="thucydides")
