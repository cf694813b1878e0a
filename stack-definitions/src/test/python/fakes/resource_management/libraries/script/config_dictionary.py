"""Fake of resource_management.libraries.script.config_dictionary: the command JSON as Ambari hands it out."""
from resource_management.core.exceptions import Fail


class ConfigDictionary(dict):
  """Immutable; [] turns "true"/"false" into booleans and a missing key into an UnknownConfiguration."""

  def __init__(self, dictionary):
    for key, value in dictionary.items():
      if isinstance(value, dict):
        dictionary[key] = ConfigDictionary(value)
    super(ConfigDictionary, self).__init__(dictionary)

  def __setitem__(self, name, value):
    raise Fail('Configuration dictionary is immutable!')

  def __getitem__(self, name):
    try:
      value = super(ConfigDictionary, self).__getitem__(name)
    except KeyError:
      return UnknownConfiguration(name)
    if value == 'true':
      return True
    if value == 'false':
      return False
    return value


class UnknownConfiguration(object):
  def __init__(self, name):
    self.name = name

  def __getattr__(self, name):
    raise Fail("Configuration parameter '%s' was not found in configurations dictionary!" % self.name)

  def __getitem__(self, name):
    return self
