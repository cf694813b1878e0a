package dev.tandem.cli;

import dev.tandem.arbiter.Arbiter;
import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.SiteStatus;
import dev.tandem.switchover.Switchover;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem arbiter run|status|auto-failover}. */
@Command(name = "arbiter", mixinStandardHelpOptions = true,
    description = "The arbiter of a pair: run one, show the pair's state, switch automatic failover on or off.",
    subcommands = {ArbiterCommand.Run.class, ArbiterCommand.Status.class, ArbiterCommand.AutoFailover.class})
final class ArbiterCommand {

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Runs an arbiter until interrupted. Run the arbiters of a pair in one place (a third site, or "
          + "beside the applications): arbiters split by a partition could each keep a different site active."})
  static final class Run implements Callable<Integer> {
    @Mixin
    DrOptions options;

    @Option(names = "--id", description = "Unique among the pair's arbiters (default: arbiter-<host>)")
    String id;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (DrContext dr = new DrContext(options)) {
        ArbitrationSettings settings = dr.switchover().state(dr.pair).settings();
        String name = id != null ? id : "arbiter-" + java.net.InetAddress.getLocalHost().getHostName();
        CountDownLatch stop = new CountDownLatch(1);
        for (String signal : new String[] {"INT", "TERM"}) {
          sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
        }
        try (Arbiter arbiter = new Arbiter(name, dr.pair, List.copyOf(dr.stores.values()), Clock.systemUTC(),
            settings)) {
          arbiter.addListener((p, from, to) -> dr.recordDecision(name, from, to));
          arbiter.addListener((p, from, to) -> spec.commandLine().getOut().printf("failover of %s to %s: %s%n", p,
              to.active(), to.reason()));
          arbiter.start();
          spec.commandLine().getOut().printf("Arbiter %s of %s running (automatic failover %s). Ctrl-C stops it.%n",
              name, dr.pair, settings.autoFailover() ? "on" : "off");
          spec.commandLine().getOut().flush();
          stop.await();
        }
      }
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Epoch, sites' status and recent reports.")
  static final class Status implements Callable<Integer> {
    @Mixin
    DrOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      try (DrContext dr = new DrContext(options)) {
        Switchover.State s = dr.switchover().state(dr.pair);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("pair %s: %s%n", s.pair(), s.epoch().map(Epoch::toString).orElse("no epoch yet"));
        s.epoch().ifPresent(e -> out.printf("  decided %s by %s: %s%n", e.decidedAt(), e.decidedBy(), e.reason()));
        out.printf("  automatic failover %s, grace %s, lease %s, heartbeat %s%n", s.settings().autoFailover() ? "on"
            : "off", s.settings().grace(), s.settings().lease(), s.settings().heartbeat());
        s.epochs().forEach((site, e) -> out.printf("  registry of %-10s %s%n", site,
            e.map(Epoch::toString).orElse("unreachable or empty")));
        s.statuses().forEach((site, st) -> out.printf("  site %-14s %s%n", site, describe(st)));
        s.reports().stream().limit(3).forEach(r -> DrReports.print(out, r));
      }
      return 0;
    }

    private static String describe(Optional<SiteStatus> s) {
      return s.map(x -> x.role() + " at epoch " + x.epoch() + ", " + (x.health().healthy() ? "healthy" : "UNHEALTHY "
          + x.health()) + ", published " + x.publishedAt() + ", last good cuts " + x.lastGoodCuts())
          .orElse("no status");
    }
  }

  @Command(name = "auto-failover", mixinStandardHelpOptions = true,
      description = "Switches automatic failover of the pair on or off (in both registries).")
  static final class AutoFailover implements Callable<Integer> {
    @Mixin
    DrOptions options;

    @Parameters(paramLabel = "on|off")
    String value;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      dev.tandem.model.InvalidInputException.check(value.equals("on") || value.equals("off"), "value",
          "Use on or off, not '%s'", value);
      try (DrContext dr = new DrContext(options)) {
        ArbitrationSettings s = dr.audited("auto-failover", java.util.Map.of("value", value),
            () -> dr.switchover().autoFailover(dr.pair, value.equals("on")));
        spec.commandLine().getOut().printf("automatic failover of %s is %s%n", dr.pair, s.autoFailover() ? "on" : "off");
      }
      return 0;
    }
  }
}
