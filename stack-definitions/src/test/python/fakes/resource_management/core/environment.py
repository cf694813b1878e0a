"""Fake of resource_management.core.environment.Environment: holds the params that format() and templates read."""


class _Config(object):
  def __init__(self):
    self.params = {}


class Environment(object):
  _instances = []

  def __init__(self, basedir=None, tmp_dir=None, logger=None):
    self.basedir = basedir
    self.tmp_dir = tmp_dir
    self.config = _Config()

  def set_params(self, params):
    """Like Ambari's: takes the params module (or a dict) and exposes its public names."""
    values = params if isinstance(params, dict) else vars(params)
    self.config.params.update((k, v) for k, v in values.items() if not k.startswith('_'))

  @classmethod
  def get_instance(cls):
    return cls._instances[-1]

  @classmethod
  def has_instance(cls):
    return bool(cls._instances)

  def __enter__(self):
    Environment._instances.append(self)
    return self

  def __exit__(self, exc_type, exc_value, traceback):
    Environment._instances.pop()
    return False
