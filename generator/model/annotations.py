"""What a field's annotation holds, read through Optional, list and Annotated: the checks that walk the contract's
models by the types of their fields (plain text, language codes, the record a nested field belongs to) share it."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel


def holds(annotation: Any, wanted: Any) -> bool:
    """Whether annotation is wanted, a subclass of it, or holds it: Text in 'Text | None' and 'list[Text]'."""
    if annotation == wanted or (isinstance(annotation, type) and isinstance(wanted, type)
                                and issubclass(annotation, wanted)):
        return True
    return any(holds(arg, wanted) for arg in typing.get_args(annotation))


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation holds, outermost first: Original in 'Original | None', Source in 'list[Source]'."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in models_in(arg)]
