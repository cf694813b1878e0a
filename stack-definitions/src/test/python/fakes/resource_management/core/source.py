"""
Fake of resource_management.core.source: InlineTemplate renders {{ name }} from the environment's params
(plus keyword arguments), failing on an undefined name as Ambari's StrictUndefined Jinja environment does.
"""
import os
import re

from resource_management.core.environment import Environment
from resource_management.core.exceptions import Fail

_VARIABLE = re.compile(r'\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}')


class InlineTemplate(object):
  def __init__(self, name, extra_imports=None, **kwargs):
    self.template = name
    self.context = kwargs

  def get_content(self):
    if '{%' in self.template or '{#' in self.template:
      raise Fail('The fake InlineTemplate renders {{ name }} only; extend it before using other Jinja syntax')
    values = dict(Environment.get_instance().config.params) if Environment.has_instance() else {}
    values.update(self.context)

    def substitute(match):
      name = match.group(1)
      if name not in values:
        raise Fail("Template variable '%s' is undefined" % name)
      return '%s' % (values[name],)

    return _VARIABLE.sub(substitute, self.template)

  def __call__(self):
    return self.get_content()


class StaticFile(object):
  """As Ambari's: an absolute name is read as it is, a relative one from <basedir>/files (the agent's package dir)."""

  def __init__(self, name):
    self.name = name

  def get_content(self):
    path = self.name
    if not os.path.isabs(path):
      path = os.path.join(Environment.get_instance().basedir, 'files', path)
    if not os.path.isfile(path):
      raise Fail("StaticFile('%s'): no file %s" % (self.name, path))
    with open(path, 'rb') as f:
      return f.read()

  def __call__(self):
    return self.get_content()
