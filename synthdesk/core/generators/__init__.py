"""Generator families behind one protocol, looked up by name in a registry."""

from synthdesk.core.generators.base import (
    GENERATORS,
    Generator,
    GeneratorInfo,
    create_generator,
    generator_info,
)

__all__ = [
    "GENERATORS",
    "Generator",
    "GeneratorInfo",
    "create_generator",
    "generator_info",
]
