"""
The Cloudera CSD: the descriptor uses the configuration names of the Ambari pack, and control.sh starts the
same launcher with the same arguments as the Ambari start command.
"""
from __future__ import print_function

import os
import subprocess
import unittest
import xml.etree.ElementTree as ElementTree

import support

CONTROL = os.path.join(support.CSD_DIR, 'scripts', 'control.sh')
# Set by Ambari's Kerberos wizard (the CSD does not cover Kerberos yet) or derived from Ambari Metrics.
AMBARI_ONLY = frozenset(['tandem.kerberos.principal', 'tandem.kerberos.keytab', 'tandem.auth.kerberos.principal',
                         'tandem.auth.kerberos.keytab', 'tandem.auth.kerberos.auth_to_local',
                         'tandem.metrics.collector.url'])


def descriptor():
  return support.read_json(os.path.join(support.CSD_DIR, 'descriptor', 'service.sdl'))


def all_parameters(sdl):
  parameters = list(sdl['parameters'])
  for role in sdl['roles']:
    parameters.extend(role['parameters'])
  return parameters


def site_defaults():
  return support.defaults_of('tandem-site')


class DescriptorTest(unittest.TestCase):

  def test_config_names_are_those_of_tandem_site(self):
    sdl = descriptor()
    config_names = dict((p['configName'], p) for p in all_parameters(sdl) if 'configName' in p)
    site = site_defaults()
    self.assertEqual(set(site) - AMBARI_ONLY, set(config_names))
    for name, parameter in config_names.items():
      if 'default' in parameter and site[name]:
        default = parameter['default']
        # SDL booleans are JSON booleans; Hadoop's XML spells them in lower case.
        self.assertEqual(site[name], str(default).lower() if isinstance(default, bool) else str(default), name)
    self.assertEqual(['basic', 'kerberos'], config_names['tandem.auth.type']['validValues'])
    self.assertTrue(config_names['tandem.view.secret']['required'])

  def test_generators_include_declared_parameters_only(self):
    sdl = descriptor()
    declared = set(p['name'] for p in all_parameters(sdl))
    writers = [sdl['gateway']['configWriter']] + [r['configWriter'] for r in sdl['roles']]
    for writer in writers:
      for generator in writer['generators']:
        self.assertEqual(set(), set(generator['includedParams']) - declared, generator['filename'])
    gateway, = sdl['gateway']['configWriter']['generators']
    for secret in ('tandem_view_secret', 'tandem_userdata_ambari_password', 'tandem_userdata_ranger_password'):
      self.assertNotIn(secret, gateway['includedParams'], 'secrets stay off client hosts')

  def test_one_server_role_started_by_control_sh(self):
    role, = descriptor()['roles']
    self.assertEqual('TANDEM_SERVER', role['name'])
    self.assertEqual(('scripts/control.sh', ['start']), (role['startRunner']['program'], role['startRunner']['args']))
    self.assertEqual(('1', '1'), (role['topology']['minInstances'], role['topology']['maxInstances']))
    self.assertTrue(os.access(CONTROL, os.X_OK))


class ControlScriptTest(unittest.TestCase):

  def setUp(self):
    self.root = support.make_temp_dir(self)
    os.makedirs(os.path.join(self.root, 'bin'))
    self.record = os.path.join(self.root, 'launched')
    launcher = os.path.join(self.root, 'bin', 'tandem')
    with open(launcher, 'w') as f:
      f.write('#!/bin/sh\necho "args=$*" > "%s"\necho "opts=$TANDEM_OPTS" >> "%s"\necho "pid=$$" >> "%s"\n'
              % (self.record, self.record, self.record))
    os.chmod(launcher, 0o755)

  def control(self, *args, **env):
    environment = dict(os.environ)
    environment.update(env)
    process = subprocess.Popen(['bash', CONTROL] + list(args), env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, cwd=self.root)
    out = process.communicate()[0].decode('utf-8')
    return process.returncode, out

  def test_start_execs_the_launcher_with_the_process_directory(self):
    code, out = self.control('start', TANDEM_HOME=self.root, CONF_DIR='/run/cm/process/42-tandem-TANDEM_SERVER',
                             TANDEM_HEAPSIZE_BYTES='1073741824', TANDEM_LOG_DIR='/var/log/tandem')
    self.assertEqual(0, code, out)
    with open(self.record) as f:
      launched = dict(line.rstrip('\n').split('=', 1) for line in f)
    self.assertEqual('server --conf-dir /run/cm/process/42-tandem-TANDEM_SERVER', launched['args'])
    self.assertIn('-Xms1024m -Xmx1024m', launched['opts'])
    self.assertIn('-Dlog4j.configuration=file:/run/cm/process/42-tandem-TANDEM_SERVER/log4j.properties',
                  launched['opts'])
    self.assertIn('-Dtandem.log.dir=/var/log/tandem', launched['opts'])

  def test_start_needs_cloudera_managers_conf_dir(self):
    environment = dict(os.environ)
    environment.pop('CONF_DIR', None)
    process = subprocess.Popen(['bash', CONTROL, 'start'], env=dict(environment, TANDEM_HOME=self.root),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = process.communicate()[0].decode('utf-8')
    self.assertNotEqual(0, process.returncode)
    self.assertIn('CONF_DIR is not set', out)
    self.assertFalse(os.path.exists(self.record))

  def test_missing_launcher_is_reported(self):
    code, out = self.control('start', TANDEM_HOME=os.path.join(self.root, 'nowhere'), CONF_DIR=self.root)
    self.assertEqual(1, code)
    self.assertIn('nowhere/bin/tandem is missing', out)

  def test_unknown_command(self):
    code, out = self.control('restart', TANDEM_HOME=self.root, CONF_DIR=self.root)
    self.assertEqual((2, True), (code, 'usage:' in out))

  def test_same_launcher_as_the_ambari_pack(self):
    with open(CONTROL) as f:
      control = f.read()
    tandem_home = support.defaults_of('tandem-env')['tandem_home']
    self.assertIn('TANDEM_HOME="${TANDEM_HOME:-%s}"' % tandem_home, control)
    self.assertIn('LAUNCHER="$TANDEM_HOME/bin/tandem"', control)
    with open(os.path.join(support.SCRIPTS_DIR, 'params.py')) as f:
      self.assertIn("tandem_launcher = os.path.join(tandem_home, 'bin', 'tandem')", f.read())
    with open(os.path.join(support.SCRIPTS_DIR, 'tandem_service.py')) as f:
      self.assertIn('{tandem_launcher} server --conf-dir {tandem_conf_dir}', f.read())


if __name__ == '__main__':
  unittest.main()
