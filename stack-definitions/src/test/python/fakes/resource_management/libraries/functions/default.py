"""Fake of resource_management.libraries.functions.default."""
from resource_management.libraries.script.script import Script


def default(name, default_value):
  current = Script.get_config()
  if not current:
    return default_value
  for part in [p for p in name.split('/') if p]:
    if part in current:
      current = current[part]
    else:
      return default_value
  return current
