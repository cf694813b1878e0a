"""
Layout of the built archives (run by run_tests.py in Maven's verify phase, after package):
the mpack tarball as ambari-server install-mpack unpacks it, and the CSD jar as Cloudera Manager reads it.
"""
from __future__ import print_function

import json
import os
import stat
import tarfile
import unittest
import zipfile

import support

MPACK = os.environ.get('TANDEM_MPACK_ARCHIVE', '')
# Built by the metastore-listener module and added by the assembly (src/main/assembly/mpack.xml), not a source file.
LISTENER_JAR = 'common-services/TANDEM/0.1.0/package/files/tandem-metastore-listener.jar'
CSD = os.environ.get('TANDEM_CSD_ARCHIVE', '')


def source_files(base):
  found = set()
  for directory, dirs, names in os.walk(base):
    dirs[:] = [d for d in dirs if d != '__pycache__']
    for name in names:
      if not name.endswith('.pyc'):
        found.add(os.path.relpath(os.path.join(directory, name), base).replace(os.sep, '/'))
  return found


class MpackArchiveTest(unittest.TestCase):

  def setUp(self):
    self.assertTrue(os.path.isfile(MPACK), 'no mpack archive at %r' % MPACK)
    self.mpack = support.read_json(os.path.join(support.RESOURCES_DIR, 'mpack.json'))
    self.root = '%s-%s' % (self.mpack['name'], self.mpack['version'])

  def test_file_name(self):
    self.assertEqual(self.root + '.tar.gz', os.path.basename(MPACK))

  def test_one_root_directory_holding_mpack_json_and_every_source_file(self):
    with tarfile.open(MPACK, 'r:gz') as archive:
      members = dict((m.name.rstrip('/'), m) for m in archive.getmembers())
    self.assertEqual(set([self.root]), set(name.split('/')[0] for name in members))
    files = set(name[len(self.root) + 1:] for name, m in members.items() if m.isfile())
    self.assertIn('mpack.json', files)
    self.assertEqual(source_files(support.RESOURCES_DIR) | set([LISTENER_JAR]), files,
                     'the archive holds exactly src/main/resources and the fence listener jar')
    for name, member in members.items():
      self.assertFalse(name.endswith('.pyc') or '__pycache__' in name, name)
      if name.endswith('.py'):
        self.assertEqual(0o755, stat.S_IMODE(member.mode), name)

  def test_unpacked_archive_serves_what_mpack_json_names(self):
    target = support.make_temp_dir(self)
    with tarfile.open(MPACK, 'r:gz') as archive:
      archive.extractall(target)
    root = os.path.join(target, self.root)
    self.assertEqual(self.mpack, support.read_json(os.path.join(root, 'mpack.json')))
    for artifact in self.mpack['artifacts']:
      service_dir = os.path.join(root, artifact['source_dir'], 'TANDEM', '0.1.0')
      self.assertTrue(os.path.isfile(os.path.join(service_dir, 'metainfo.xml')), artifact['name'])
    # The agent resolves SCRIPT alert paths against its common-services directory.
    common_services = os.path.join(root, 'common-services')
    alerts = support.read_json(os.path.join(common_services, 'TANDEM', '0.1.0', 'alerts.json'))
    paths = [d['source']['path'] for defs in alerts['TANDEM'].values() for d in defs if d['source']['type'] == 'SCRIPT']
    self.assertEqual(5, len(paths))  # rpo, last_run, snapshot_space, peer, arbiter
    for path in paths:
      self.assertTrue(os.path.isfile(os.path.join(common_services, path)), path)

  def test_ships_the_shaded_fence_listener(self):
    with tarfile.open(MPACK, 'r:gz') as archive:
      member = archive.getmember('%s/%s' % (self.root, LISTENER_JAR))
      self.assertEqual(0o644, stat.S_IMODE(member.mode))
      with zipfile.ZipFile(archive.extractfile(member)) as jar:
        names = set(jar.namelist())
    self.assertIn('dev/tandem/hive/TandemFenceListener.class', names)
    self.assertIn('dev/tandem/hive/TandemFenceListener$Release.class', names)
    self.assertTrue(any(n.startswith('dev/tandem/metastore/shaded/curator/') for n in names), 'Curator relocated')
    self.assertFalse(any(n.startswith('org/apache/curator/') for n in names), 'no unrelocated Curator')


class CsdArchiveTest(unittest.TestCase):

  def test_descriptor_and_executable_control_script_at_the_root(self):
    self.assertTrue(os.path.isfile(CSD), 'no CSD jar at %r' % CSD)
    self.assertEqual('TANDEM-0.1.0.jar', os.path.basename(CSD))
    with zipfile.ZipFile(CSD) as jar:
      names = set(jar.namelist())
      self.assertIn('descriptor/service.sdl', names)
      self.assertIn('scripts/control.sh', names)
      descriptor = json.loads(jar.read('descriptor/service.sdl').decode('utf-8'))
      mode = jar.getinfo('scripts/control.sh').external_attr >> 16
    self.assertEqual('TANDEM', descriptor['name'])
    self.assertEqual(0o755, stat.S_IMODE(mode))


if __name__ == '__main__':
  unittest.main()
