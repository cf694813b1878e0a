package dev.tandem.sandbox;

import dev.tandem.model.TandemException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/** The sample service {@code billing}: its directories on the primary, and how to reach both sites. */
public final class SandboxData {
  public static final String ROOT = "/data/billing";
  public static final String[] PROTECTED = {ROOT + "/events", ROOT + "/invoices", ROOT + "/customers"};
  public static final String UNPROTECTED = ROOT + "/scratch";

  private SandboxData() {}

  /**
   * Seeds a few days of events, some invoices and a customer table export. {@code /data/billing} is the
   * snapshottable root; {@code scratch} lies under it but is not protected, so it is never copied.
   */
  public static void seed(DistributedFileSystem fs) {
    try {
      for (int day = 20; day <= 23; day++) {
        for (int part = 0; part < 3; part++) {
          write(fs, ROOT + "/events/dt=2026-11-" + day + "/part-0000" + part + ".csv", events(day, part));
        }
      }
      for (int n = 1; n <= 5; n++) {
        write(fs, ROOT + "/invoices/2026/11/invoice-" + (1000 + n) + ".json",
            "{\"invoice\":" + (1000 + n) + ",\"customer\":" + n + ",\"amount\":" + (n * 42.5) + "}\n");
      }
      write(fs, ROOT + "/customers/customers.csv", "id,name\n1,Acme\n2,Globex\n3,Initech\n4,Umbrella\n5,Hooli\n");
      write(fs, UNPROTECTED + "/tmp-report.txt", "scratch space, not part of the service\n");
      fs.allowSnapshot(new Path(ROOT));
    } catch (IOException e) {
      throw new TandemException("Cannot seed the sample data: " + e.getMessage(), e);
    }
  }

  static String events(int day, int part) {
    StringBuilder b = new StringBuilder("ts,customer,amount\n");
    for (int i = 0; i < 200; i++) {
      b.append("2026-11-").append(day).append("T").append(String.format("%02d", i % 24)).append(":00:00Z,")
          .append(1 + (i + part) % 5).append(',').append((i * 7 + part) % 100).append(".00\n");
    }
    return b.toString();
  }

  public static void write(DistributedFileSystem fs, String path, String content) throws IOException {
    try (OutputStream out = fs.create(new Path(path), true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  public static void printEndpoints(Sandbox sandbox, PrintStream out) {
    out.println();
    out.println("Sites (reach them with the usual clients):");
    for (SandboxSite site : new SandboxSite[] {sandbox.primary(), sandbox.secondary()}) {
      String role = site == sandbox.primary() ? "primary" : "secondary";
      out.printf("  %-5s (%s)%n", site.id(), role);
      out.printf("    HDFS            %s%n", site.fileSystemUri());
      out.printf("    NameNode web UI %s%n", site.nameNodeWebUi());
      out.printf("    ZooKeeper       %s   (registry under /tandem)%n", site.zkConnect());
      if (!site.metastoreUri().isEmpty()) {
        out.printf("    Hive metastore  %s%n", site.metastoreUri());
      }
      out.printf("    try             hdfs dfs -fs %s -ls -R %s%n", site.fileSystemUri(), ROOT);
      SandboxManager m = sandbox.manager(site);
      out.printf("    Ambari (fake)   %s/api/v1/clusters/%s   (user admin, password %s)%n", m.ambari().uri(),
          m.ambari().cluster(), SandboxManager.PASSWORD);
      out.printf("    Ranger (fake)   %s/service/public/v2/api/service   (user admin, password %s)%n",
          m.ranger().uri(), SandboxManager.PASSWORD);
    }
    out.println("  Sample service 'billing': " + String.join(", ", PROTECTED) + " (snapshot root " + ROOT + ")"
        + (sandbox.primary().metastoreUri().isEmpty() ? "" : "; Hive database billing (tables events, customers)"));
  }
}
