"""``scriptcheck lint``: call scripts (话术) in Markdown, plain text or YAML, checked against a rule pack.

A script is read into a :class:`~scriptcheck.lint.script.Script` (what the agent says, each line with its
place in the file), checked by the ordinary engine with the rules that suit its scene, and every finding
is reported at ``path:line:col``.
"""
