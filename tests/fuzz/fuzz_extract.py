"""Fuzz target: the full extraction on arbitrary text.

Input: an optional first line ``YYYY-MM-DD`` (the article date; inferred when absent), then the
text, read as a .txt article's text is. A text the reader refuses must be refused with an
:class:`InputError`; any other must code into output that satisfies the contract.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import as_text, main, split_date_line


def one_input(data: bytes) -> None:
    """Read the text as an article and code it."""
    from properties import check_article, check_extraction, check_input_error

    from thucydides.article import InputError, parse_text
    from thucydides.pipeline import extract_article

    day, _, rest = split_date_line(data)
    try:
        article = parse_text(as_text(rest), "fuzz", published=day)
    except InputError as error:
        check_input_error(error)
        return
    check_article(article)
    check_extraction(extract_article(article))


def _target():
    import properties  # noqa: F401 - imported inside the instrumentation

    import thucydides.pipeline  # noqa: F401
    from thucydides import nlp
    from thucydides.pipeline import default_knowledge
    nlp.load_model()
    default_knowledge()
    return one_input


if __name__ == "__main__":
    main(_target)
