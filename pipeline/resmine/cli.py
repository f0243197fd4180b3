"""Command line: argument parsing and progress display only."""
import click

from resmine import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="resmine")
def main() -> None:
    """resmine: mine gene–mutation–drug resistance statements from the literature."""
