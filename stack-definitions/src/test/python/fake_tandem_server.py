"""
Plays the Tandem launcher in the command-script tests: `fake_tandem_server.py --mode MODE server --conf-dir DIR`.

It records how it was started (argv, environment from tandem-env.sh, pid) in DIR/../launcher.json, then
  serve:  serves the status endpoint on the port of DIR/tandem-site.xml, demanding its View secret, until killed;
  crash:  prints an error to stdout and exits 3, like a server refusing its configuration.
"""
from __future__ import print_function

import json
import os
import sys
import time
import xml.etree.ElementTree as ElementTree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import support  # noqa: E402


def main(argv):
  mode = argv[argv.index('--mode') + 1]
  args = argv[argv.index('--mode') + 2:]
  conf_dir = args[args.index('--conf-dir') + 1]
  record = {'args': args, 'pid': os.getpid(),
            'env': dict((k, os.environ.get(k)) for k in ('JAVA_HOME', 'TANDEM_CONF_DIR', 'TANDEM_OPTS', 'TANDEM_HOME'))}
  with open(os.path.join(conf_dir, os.pardir, 'launcher.json'), 'w') as f:
    json.dump(record, f)
  if mode == 'crash':
    print('FATAL tandem.zookeeper.connect: cannot reach any ZooKeeper server')
    sys.exit(3)
  site = ElementTree.parse(os.path.join(conf_dir, 'tandem-site.xml')).getroot()
  values = dict((p.findtext('name'), p.findtext('value')) for p in site.findall('property'))
  with support.StatusServer(int(values['tandem.server.port']), secret=values['tandem.view.secret']):
    print('listening on %s' % values['tandem.server.port'])
    sys.stdout.flush()
    while True:
      time.sleep(1)


if __name__ == '__main__':
  main(sys.argv)
