"""Fake of resource_management.libraries.functions.format: str.format over the caller's locals and the env params."""
import string
import sys

from resource_management.core.environment import Environment


def format(format_string, *args, **kwargs):
  variables = dict(Environment.get_instance().config.params) if Environment.has_instance() else {}
  variables.update(sys._getframe(1).f_locals)
  variables.update(kwargs)
  variables.pop('self', None)
  return string.Formatter().vformat(format_string, args, variables)
