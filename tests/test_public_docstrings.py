"""Every public class documents itself in words, not with the field list a dataclass generates."""
import pytest

import scriptcheck

CLASSES = [name for name in scriptcheck.__all__ if isinstance(getattr(scriptcheck, name), type)]


@pytest.mark.parametrize("name", CLASSES)
def test_public_class_has_a_written_docstring(name):
    doc = getattr(scriptcheck, name).__doc__ or ""
    assert doc.strip(), f"{name} has no docstring"
    assert not doc.startswith(f"{name}("), f"{name}'s docstring is the generated field list"
