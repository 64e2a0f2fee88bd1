import re._parser

from scriptcheck.checks.spoken_numbers import _KINDS, _SHORTEST


def test_no_kind_of_number_is_shorter_than_the_shortest():
    for kind, pattern in _KINDS:
        assert re._parser.parse(pattern.pattern).getwidth()[0] >= _SHORTEST, kind
