package dev.tandem.testing;

import dev.tandem.arbiter.ArbitrationStore;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.Role;
import dev.tandem.arbiter.SiteAgent;
import dev.tandem.arbiter.SiteStatus;
import dev.tandem.model.SiteId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Polls, every few milliseconds for the whole test, both sites' agents and both registries, and records every
 * moment at which two sites were active: by the agents' own answer ({@link SiteAgent#role()}, what gates
 * writes) and by the registries (each site's newest status, if freshly published, saying ACTIVE).
 */
public final class ActivePoller implements AutoCloseable {
  private final PairKey pair;
  private final List<ArbitrationStore> registries;
  private final Supplier<List<SiteAgent>> agents;
  private final Duration freshness;
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private volatile long polls;
  private volatile long registryPolls;

  public ActivePoller(PairKey pair, List<ArbitrationStore> registries, Supplier<List<SiteAgent>> agents,
      Duration freshness) {
    this.pair = pair;
    this.registries = registries;
    this.agents = agents;
    this.freshness = freshness;
  }

  public ActivePoller start(Duration every) {
    timer.scheduleWithFixedDelay(this::poll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void poll() {
    List<String> active = new ArrayList<>();
    for (SiteAgent a : agents.get()) {
      if (a.role() == Role.ACTIVE) {
        active.add(a.site().value());
      }
    }
    if (active.size() > 1) {
      violations.add("agents: " + active);
    }
    polls++;
    Map<SiteId, SiteStatus> newest = new HashMap<>();
    boolean any = false;
    for (ArbitrationStore r : registries) {
      for (SiteId s : List.of(pair.first(), pair.second())) {
        try {
          r.status(pair, s).ifPresent(v -> newest.merge(s, v.value(), (x, y) -> x.sequence() >= y.sequence() ? x : y));
          any = true;
        } catch (RuntimeException e) {
          // unreachable registry: the other one still answers
        }
      }
    }
    if (any) {
      registryPolls++;
    }
    // Fresh = published within the last few heartbeats. All sites of a test share this JVM's clock, so the
    // publication time is exact here (production readers watch the sequence move instead): a status that merely
    // reappears, as an old one does when a stopped registry comes back, is not taken for a live claim.
    Instant now = Instant.now();
    List<String> claimed = new ArrayList<>();
    for (SiteStatus s : newest.values()) {
      if (s.role() == Role.ACTIVE && Duration.between(s.publishedAt(), now).compareTo(freshness) < 0) {
        claimed.add(s.site() + "@" + s.epoch() + " (published " + s.publishedAt() + ")");
      }
    }
    if (claimed.size() > 1) {
      violations.add("registries: " + claimed);
    }
  }

  public List<String> violations() {
    return List.copyOf(violations);
  }

  public long polls() {
    return polls;
  }

  public long registryPolls() {
    return registryPolls;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
