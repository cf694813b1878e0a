package dev.tandem.testing;

import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.ArbitrationStore;
import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.SiteStatus;
import dev.tandem.arbiter.SwitchReport;
import dev.tandem.arbiter.Verdict;
import dev.tandem.arbiter.Versioned;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.SiteId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * A real registry store behind a switch: while blocked, every call fails as an unreachable registry does and
 * {@link #connected()} answers false. Simulates a network partition between one process and one site.
 */
public final class BlockableStore implements ArbitrationStore {
  private final ArbitrationStore real;
  private volatile boolean blocked;

  public BlockableStore(ArbitrationStore real) {
    this.real = real;
  }

  public void block() {
    blocked = true;
  }

  public void unblock() {
    blocked = false;
  }

  private <T> T pass(Supplier<T> call) {
    if (blocked) {
      throw new PeerUnavailableException("Registry of " + real.site() + " unreachable (blocked by the test)", null);
    }
    return call.get();
  }

  private void pass(Runnable call) {
    pass(() -> {
      call.run();
      return null;
    });
  }

  @Override
  public SiteId site() {
    return real.site();
  }

  @Override
  public boolean connected() {
    return !blocked && real.connected();
  }

  @Override
  public boolean awaitConnected(Duration wait) {
    return !blocked && real.awaitConnected(wait);
  }

  @Override
  public void addListener(Listener listener) {
    real.addListener(new Listener() {
      @Override
      public void connectionChanged(SiteId site, Connection state) {
        listener.connectionChanged(site, state);
      }

      @Override
      public void changed(SiteId site, PairKey pair) {
        if (!blocked) {
          listener.changed(site, pair);
        }
      }
    });
  }

  @Override
  public Optional<Versioned<Epoch>> epoch(PairKey pair) {
    return pass(() -> real.epoch(pair));
  }

  @Override
  public Versioned<Epoch> initialize(PairKey pair, Epoch first) {
    return pass(() -> real.initialize(pair, first));
  }

  @Override
  public Versioned<Epoch> replaceEpoch(PairKey pair, int expectedVersion, Epoch next, Optional<StatusCheck> unchanged) {
    return pass(() -> real.replaceEpoch(pair, expectedVersion, next, unchanged));
  }

  @Override
  public Versioned<Epoch> replaceEpochAndDirection(PairKey pair, int expectedVersion, Epoch next,
      ClusterPair direction) {
    return pass(() -> real.replaceEpochAndDirection(pair, expectedVersion, next, direction));
  }

  @Override
  public Optional<Versioned<SiteStatus>> status(PairKey pair, SiteId site) {
    return pass(() -> real.status(pair, site));
  }

  @Override
  public void publishStatus(PairKey pair, SiteStatus status, OptionalInt epochVersion) {
    pass(() -> real.publishStatus(pair, status, epochVersion));
  }

  @Override
  public void putVerdict(PairKey pair, Verdict verdict) {
    pass(() -> real.putVerdict(pair, verdict));
  }

  @Override
  public List<Verdict> verdicts(PairKey pair) {
    return pass(() -> real.verdicts(pair));
  }

  @Override
  public Optional<ArbitrationSettings> settings(PairKey pair) {
    return pass(() -> real.settings(pair));
  }

  @Override
  public void putSettings(PairKey pair, ArbitrationSettings settings) {
    pass(() -> real.putSettings(pair, settings));
  }

  @Override
  public void putReport(PairKey pair, SwitchReport report) {
    pass(() -> real.putReport(pair, report));
  }

  @Override
  public List<SwitchReport> reports(PairKey pair, int limit) {
    return pass(() -> real.reports(pair, limit));
  }

  @Override
  public Held lockDecisions(PairKey pair, Duration wait) {
    return pass(() -> real.lockDecisions(pair, wait));
  }

  @Override
  public void close() {
    real.close();
  }
}
