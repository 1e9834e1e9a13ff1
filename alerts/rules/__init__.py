"""The risk-point catalogue: one module per risk point under ``alerts/rules/<element>/``,
found automatically (``registry``). See ``README.md`` beside this file."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

from .base import RiskPointRule

ELEMENT_PACKAGES = ("incidents", "cases", "persons", "property", "venues", "files")


class Registry:
    """Every risk point by code, loaded on first use from the element packages."""

    def __init__(self) -> None:
        self._rules: dict[str, RiskPointRule] = {}
        self._loaded = False

    def register(self, cls: type[RiskPointRule]) -> type[RiskPointRule]:
        rule = cls()
        for other in self._rules.values():
            if other.code == rule.code and type(other) is not cls:
                raise ValueError(f"two risk points use the code {rule.code!r}")
            if other.ref == rule.ref and other.code != rule.code:
                raise ValueError(f"two risk points use the number {rule.ref!r}")
        self._rules[rule.code] = rule
        return cls

    def load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        for package_name in ELEMENT_PACKAGES:
            package = importlib.import_module(f"{__name__}.{package_name}")
            for module in pkgutil.iter_modules(package.__path__):
                importlib.import_module(f"{package.__name__}.{module.name}")

    def get(self, code: str) -> RiskPointRule | None:
        self.load()
        return self._rules.get(code)

    def __getitem__(self, code: str) -> RiskPointRule:
        rule = self.get(code)
        if rule is None:
            raise KeyError(code)
        return rule

    def by_ref(self, ref: str) -> RiskPointRule | None:
        self.load()
        return next((r for r in self._rules.values() if r.ref.lower() == ref.lower()), None)

    def resolve(self, code_or_ref: str) -> RiskPointRule | None:
        return self.get(code_or_ref) or self.by_ref(code_or_ref)

    def __iter__(self) -> Iterator[RiskPointRule]:
        self.load()
        return iter(
            sorted(
                self._rules.values(), key=lambda r: (r.ref[:2], int("".join(filter(str.isdigit, r.ref)) or 0))
            )
        )

    def __len__(self) -> int:
        self.load()
        return len(self._rules)


registry = Registry()
register = registry.register

__all__ = ["Registry", "register", "registry"]
