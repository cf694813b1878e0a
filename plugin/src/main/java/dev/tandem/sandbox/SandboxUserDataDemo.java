package dev.tandem.sandbox;

import dev.tandem.ambari.AmbariPrivilege;
import dev.tandem.ambari.AmbariPrivilege.PrincipalType;
import dev.tandem.ambari.fake.FakeAmbari;
import dev.tandem.model.ApplyMode;
import dev.tandem.model.GroupName;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.UserDataApplyReport;
import dev.tandem.userdata.UserDataDiff;
import dev.tandem.userdata.UserDataService;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.AclEntry;

/**
 * The demo's user-data chapter: the service's users and rights change on east, the next backup keeps them
 * with its cut on west, the diff between two cuts says who gained or lost what, and applying the cut's user
 * data to west (as a switchover does) converges it, the second time with no change.
 */
final class SandboxUserDataDemo {
  private final Sandbox sandbox;
  private final PrintStream out;

  SandboxUserDataDemo(Sandbox sandbox, PrintStream out) {
    this.sandbox = sandbox;
    this.out = out;
  }

  boolean run(GroupName group, Run previous) throws IOException {
    out.println("5b. User data: on east, a new analyst, an ACL for auditors, a bigger billing queue; a third backup");
    change();
    Run run = sandbox.controlPlane().runNow(group);
    out.printf("   run %s: %s%s%n", run.id(), run.state(), run.error() == null ? "" : " - " + run.error());
    if (run.state() != RunState.SUCCEEDED) {
      return false;
    }
    UserDataService west = sandbox.connections().userData(sandbox.site(sandbox.secondary()));
    out.println("   versions kept on west: " + west.versions(group));
    out.println("   who gained or lost what from cut " + previous.cut() + " to " + run.cut() + ":");
    UserDataDiff diff = west.diff(group, previous.cut(), run.cut());
    for (UserDataDiff.PrincipalChange c : diff.principals()) {
      c.gained().forEach(g -> out.println("     + " + c.principal() + " gained " + g));
      c.lost().forEach(g -> out.println("     - " + c.principal() + " lost " + g));
    }
    diff.resources().forEach(r -> out.println("     ~ " + r.source() + " " + r.subject() + ": " + r.before() + " -> "
        + r.after()));
    out.println("   switchover: the cut's user data applied to west");
    UserDataApplyReport first = west.apply(group, run.cut(), ApplyMode.APPLY);
    first.changes().forEach(c -> out.println("     " + c));
    first.problems().forEach(p -> out.println("     PROBLEM " + p));
    first.operatorActions().forEach(a -> out.println("     operator: " + a));
    UserDataApplyReport second = west.apply(group, run.cut(), ApplyMode.APPLY);
    out.println("   applied again: " + second.changes().size() + " change(s)");
    return first.ok() && !first.changes().isEmpty() && second.ok() && second.changes().isEmpty();
  }

  private void change() throws IOException {
    FakeAmbari east = sandbox.manager(sandbox.primary()).ambari();
    east.addUser("dave", "Dave (analyst)", "LDAP", true);
    east.addGroup("auditors", "LOCAL", "dave");
    east.grant(AmbariPrivilege.cluster(east.cluster(), "CLUSTER.USER", "auditors", PrincipalType.GROUP));
    sandbox.primary().fs().modifyAclEntries(new Path(SandboxData.ROOT + "/invoices"),
        AclEntry.parseAclSpec("group:auditors:r-x,default:group:auditors:r-x", true));
    Map<String, String> cs = new TreeMap<>(east.config("capacity-scheduler"));
    cs.put("yarn.scheduler.capacity.root.billing.capacity", "50");
    cs.put("yarn.scheduler.capacity.root.default.capacity", "50");
    east.putConfig("capacity-scheduler", cs);
  }
}
