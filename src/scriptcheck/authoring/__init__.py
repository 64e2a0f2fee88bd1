"""Tools for the people who write rule packs: run a pack's examples, list its rules, explain one rule.

Everything here returns data or lines of text; ``cli_rules`` prints them.
"""
