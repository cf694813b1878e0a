"""Fake of XmlConfig: writes <conf_dir>/<filename> as a Hadoop configuration file, properties sorted by name."""
import os
from xml.sax.saxutils import escape

from resource_management.core.base import Resource
from resource_management.core.exceptions import Fail


class XmlConfig(Resource):
  arguments = frozenset(['filename', 'configurations', 'configuration_attributes', 'conf_dir', 'mode', 'owner',
                         'group', 'xml_include_file', 'encoding'])

  def apply(self):
    conf_dir = self.args.get('conf_dir')
    if not conf_dir or not os.path.isdir(conf_dir):
      raise Fail("XmlConfig['%s']: conf_dir %r does not exist" % (self.name, conf_dir))
    path = os.path.join(conf_dir, self.args.get('filename', self.name))
    attributes = self.args.get('configuration_attributes') or {}
    final = attributes.get('final') or {}
    lines = ['<!--Written by the fake XmlConfig-->', '<configuration>']
    for name, value in sorted((self.args.get('configurations') or {}).items()):
      lines.append('  <property>')
      lines.append('    <name>%s</name>' % escape(name))
      lines.append('    <value>%s</value>' % escape('%s' % (value,)))
      if str(final.get(name)).lower() == 'true':
        lines.append('    <final>true</final>')
      lines.append('  </property>')
    lines.append('</configuration>')
    with open(path, 'w') as f:
      f.write('\n'.join(lines) + '\n')
    if self.args.get('mode') is not None:
      os.chmod(path, self.args['mode'])
