package dev.tandem.switchover;

import static dev.tandem.testing.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.Role;
import dev.tandem.arbiter.SwitchReport;
import dev.tandem.client.ActiveSite;
import dev.tandem.client.ActiveSiteClient;
import dev.tandem.engine.WriterFence;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.Run;
import dev.tandem.model.SiteId;
import dev.tandem.testing.ArbitratedSandboxTest;
import dev.tandem.testing.HiddenCorruption;
import dev.tandem.testing.Trees;
import dev.tandem.testing.Waits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Planned changes of the active site on two real sites: a switchover while an application keeps writing through
 * the client library (nothing it was told was written is lost), a refused unforced failover of a healthy primary,
 * a drill, and a drill that finds the standby's data different from the primary's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwitchoverTest extends ArbitratedSandboxTest {
  private static final String G = "billing";
  private static final String ROOT = "/sw/billing";

  @AfterAll
  static void nobodyWasEverActiveTwice() {
    assertNeverTwoActives();
  }

  private static DistributedFileSystem fs(SiteId site) {
    return site.equals(EAST) ? primaryFs() : secondaryFs();
  }

  @Test
  @Order(1)
  void anUnforcedFailoverOfAHealthyPrimaryIsRefused() throws Exception {
    write(primaryFs(), ROOT + "/seed.txt", "seed");
    cp().putGroup(group(G, 5, ROOT));
    runOk(G);
    assertThatThrownBy(() -> ops.failover(PAIR, false)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("healthy").hasMessageContaining("switchover");
    assertThat(ops.state(PAIR).epoch().orElseThrow().number()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void aSwitchoverLosesNothingWrittenBeforeTheFence() throws Exception {
    Map<String, SiteId> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger refused = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    try (ActiveSiteClient client = ActiveSiteClient.over(PAIR, List.of(store(EAST), store(WEST)))) {
      client.start();
      assertThat(client.awaitWritable(EAST, Duration.ofSeconds(10))).isTrue();
      Thread writer = new Thread(() -> {
        for (int n = 0; !stop.get(); n++) {
          SiteId site = client.active().filter(ActiveSite::confirmed).map(ActiveSite::site).orElse(null);
          if (site == null) {
            refused.incrementAndGet();
            n--;
            continue;
          }
          WriterFence.Writers fence = sandbox.connections().open(sites.get(site)).registry().writers(GroupName.of(G));
          try (WriterFence.Write w = client.beginWrite(site, fence, Duration.ofSeconds(10))) {
            String name = "w-" + n + ".txt";
            write(fs(site), ROOT + "/stream/" + name, "write " + n + " at " + site);
            acknowledged.put(name, site);
          } catch (ConflictException e) {
            refused.incrementAndGet();
            n--;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }, "application-writer");
      writer.start();
      Waits.until(Duration.ofSeconds(20), () -> acknowledged.size() > 20, () -> acknowledged.size() + " writes");

      SwitchReport report = ops.switchover(PAIR);

      Waits.until(Duration.ofSeconds(20), () -> acknowledged.containsValue(WEST), () -> "no write reached west");
      stop.set(true);
      writer.join(20_000);
      assertThat(report.kind()).isEqualTo(Epoch.Transition.SWITCHOVER);
      assertThat(report.groups()).singleElement().satisfies(g -> assertThat(g.dataLoss()).isZero());
      assertThat(report.rto()).isPositive();
    }
    assertThat(west.agent().role()).isEqualTo(Role.ACTIVE);
    long onEast = acknowledged.values().stream().filter(EAST::equals).count();
    assertThat(onEast).isGreaterThan(20);
    for (var w : acknowledged.entrySet()) {
      assertThat(secondaryFs().exists(new Path(ROOT + "/stream/" + w.getKey())))
          .as("%s, acknowledged by %s, is on the new active site", w.getKey(), w.getValue()).isTrue();
    }
  }

  @Test
  @Order(3)
  void aDrillFailsOverVerifiesAndFailsBack() throws Exception {
    write(secondaryFs(), ROOT + "/before-drill.txt", "on west, the active site");
    runOk(G);
    DrillReport drill = ops.drill(PAIR);
    assertThat(drill.failover().to()).isEqualTo(EAST);
    assertThat(drill.dataMatches()).as("%s", drill.verified()).isTrue();
    assertThat(drill.comparedWithPrimary()).as("%s", drill.verified()).isTrue();
    assertThat(drill.differences()).isEmpty();
    assertThat(drill.differenceCount()).isZero();
    assertThat(drill.verified()).anyMatch(v -> v.contains("compared with the primary's snapshot"));
    assertThat(drill.rto()).isPositive();
    assertThat(drill.rpo()).containsKey(G);
    assertThat(drill.failback().switchBack()).isPresent();
    assertThat(drill.failback().bytesCopied()).isLessThan(drill.failback().bytesTotal());
    Waits.until(Duration.ofSeconds(10), () -> west.agent().role() == Role.ACTIVE
        && east.agent().role() == Role.STANDBY, ArbitratedSandboxTest::roles);
    assertThat(ops.state(PAIR).epoch().orElseThrow().protection()).isEqualTo(Epoch.Protection.PROTECTED);
    assertThat(Trees.describe(primaryFs(), ROOT)).isEqualTo(Trees.describe(secondaryFs(), ROOT));
  }

  @Test
  @Order(4)
  void theCommandLineVerbs() {
    String[] registries = {"--registry", sites.get(EAST).registryConnect(), "--registry",
        sites.get(WEST).registryConnect()};
    Cli status = Cli.run(concat(new String[] {"arbiter", "status"}, registries));
    assertThat(status.code).as(status.err).isZero();
    assertThat(status.out).contains("pair east+west").contains("west ACTIVE").contains("automatic failover on");

    Cli refused = Cli.run(concat(new String[] {"failover"}, registries));
    assertThat(refused.code).isEqualTo(dev.tandem.cli.TandemCli.EXIT_USAGE);
    assertThat(refused.err).contains("healthy");

    Cli forced = Cli.run(concat(new String[] {"failover", "--force"}, registries));
    assertThat(forced.code).as(forced.err).isZero();
    assertThat(forced.out).contains("FAILOVER").contains("west -> east").contains("RTO");
    Waits.until(Duration.ofSeconds(10), () -> east.agent().role() == Role.ACTIVE, ArbitratedSandboxTest::roles);

    Cli back = Cli.run(concat(new String[] {"failback", "--switch-back", "--local-jobs"}, registries));
    assertThat(back.code).as(back.err).isZero();
    assertThat(back.out).contains("FAILBACK").contains("SWITCHOVER");
    Waits.until(Duration.ofSeconds(10), () -> west.agent().role() == Role.ACTIVE
        && east.agent().role() == Role.STANDBY, ArbitratedSandboxTest::roles);
  }

  /**
   * A copy on the standby changed where no snapshot diff shows it (same length, owner, mode and mtime, its sealed
   * snapshot of the last good cut taken again over it): the standby's own seal agrees with its data, so only the
   * drill's comparison with the primary can see it, and it must: the drill says the data does not match and names
   * the file.
   */
  @Test
  @Order(5)
  void aDrillComparesWithThePrimaryAndListsAFileThatDiffers() throws Exception {
    Waits.until(Duration.ofSeconds(10), () -> west.agent().role() == Role.ACTIVE
        && east.agent().role() == Role.STANDBY, ArbitratedSandboxTest::roles);
    String victim = ROOT + "/drill/victim.txt";
    write(secondaryFs(), victim, "bytes written on west, the active site, before the drill");
    write(secondaryFs(), ROOT + "/drill/bystander.txt", "left alone");
    Run run = runOk(G);
    String good = Trees.md5(secondaryFs(), new Path(victim));
    assertThat(Trees.md5(primaryFs(), new Path(victim))).as("east's copy before the damage").isEqualTo(good);
    HiddenCorruption.flipABit(primaryFs(), ROOT, victim, run.cut().snapshotName(run.group()));
    assertThat(Trees.md5(primaryFs(), new Path(victim))).as("east's copy after the damage").isNotEqualTo(good);

    DrillReport drill = ops.drill(PAIR);

    assertThat(drill.failover().to()).isEqualTo(EAST);
    assertThat(drill.comparedWithPrimary()).as("%s", drill.verified()).isTrue();
    assertThat(drill.dataMatches()).as("%s", drill.verified()).isFalse();
    assertThat(drill.differenceCount()).as("%s", drill.differences()).isEqualTo(1);
    assertThat(drill.differences()).singleElement().asString().startsWith(G + ": ").contains(victim)
        .contains("checksum").doesNotContain("bystander");
    assertThat(drill.verified()).as("the standby's own seal cannot tell")
        .anyMatch(v -> v.contains("equals its seal of cut " + run.cut()))
        .anyMatch(v -> v.contains("compared with the primary's snapshot of cut " + run.cut())
            && v.endsWith("1 difference(s)"));
    // The drill fails back: west, whose copy was never damaged, is active again with the bytes it had.
    Waits.until(Duration.ofSeconds(10), () -> west.agent().role() == Role.ACTIVE
        && east.agent().role() == Role.STANDBY, ArbitratedSandboxTest::roles);
    assertThat(Trees.md5(secondaryFs(), new Path(victim))).isEqualTo(good);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** One run of the {@code tandem} command in this process. */
  private record Cli(int code, String out, String err) {
    static Cli run(String... args) {
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      picocli.CommandLine cli = dev.tandem.cli.TandemCli.commandLine();
      cli.setOut(new java.io.PrintWriter(out, true));
      cli.setErr(new java.io.PrintWriter(err, true));
      int code = cli.execute(args);
      return new Cli(code, out.toString(), err.toString());
    }
  }
}
