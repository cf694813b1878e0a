package dev.tandem.server;

import dev.tandem.arbiter.PairKey;
import dev.tandem.model.ConflictException;
import dev.tandem.model.TandemException;
import dev.tandem.switchover.Switchover;
import java.io.Closeable;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disaster-recovery operations this server carries out in the background (they take minutes): at most one
 * per pair at a time. Finished ones are kept in memory (the newest {@value #KEPT}) for their reports; the
 * registries keep the switch reports for good.
 */
final class DrOperations implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(DrOperations.class);
  static final int KEPT = 100;

  enum State { RUNNING, SUCCEEDED, FAILED }

  /** One operation. Written by its thread, read by request threads. */
  static final class Operation {
    final String id;
    final PairKey pair;
    final Switchover.Verb kind;
    final String requestedBy;
    final Instant startedAt;
    volatile State state = State.RUNNING;
    volatile Instant endedAt;
    volatile Object report;
    volatile String error;

    Operation(String id, PairKey pair, Switchover.Verb kind, String requestedBy, Instant startedAt) {
      this.id = id;
      this.pair = pair;
      this.kind = kind;
      this.requestedBy = requestedBy;
      this.startedAt = startedAt;
    }
  }

  private final Clock clock;
  private final java.util.function.Consumer<Operation> ended;
  private final ExecutorService pool = Executors.newCachedThreadPool(SiteHealthMonitor.daemon("tandem-dr"));
  private final Map<PairKey, Operation> running = new ConcurrentHashMap<>();
  private final Map<String, Operation> byId = new LinkedHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  /** @param ended told of each operation once it has ended (the audit log); its failures are only logged */
  DrOperations(Clock clock, java.util.function.Consumer<Operation> ended) {
    this.clock = clock;
    this.ended = ended;
  }

  /**
   * Starts {@code work} for {@code pair} in the background and returns its record (RUNNING). Throws
   * {@link ConflictException} while another operation of the pair runs here.
   */
  Operation start(PairKey pair, Switchover.Verb kind, String requestedBy, Supplier<Object> work) {
    Instant now = clock.instant();
    String id = "op-" + now.toEpochMilli() + "-" + sequence.incrementAndGet();
    Operation op = new Operation(id, pair, kind, requestedBy, now);
    Operation other = running.putIfAbsent(pair, op);
    if (other != null) {
      throw busy(other);
    }
    synchronized (byId) {
      byId.put(id, op);
      while (byId.size() > KEPT) {
        byId.remove(byId.keySet().iterator().next());
      }
    }
    LOG.info("{} started {} of pair {} (operation {})", requestedBy, kind, pair, id);
    pool.execute(() -> execute(op, work));
    return op;
  }

  private void execute(Operation op, Supplier<Object> work) {
    State outcome = State.FAILED;
    try {
      op.report = work.get();
      outcome = State.SUCCEEDED;
      LOG.info("Operation {} ({} of pair {}) succeeded", op.id, op.kind, op.pair);
    } catch (TandemException e) {
      op.error = e.getMessage();
      LOG.warn("Operation {} ({} of pair {}) failed: {}", op.id, op.kind, op.pair, e.getMessage());
    } catch (RuntimeException e) {
      op.error = "Internal error; it has been logged with operation id " + op.id;
      LOG.error("Operation {} ({} of pair {}) failed", op.id, op.kind, op.pair, e);
    } finally {
      op.endedAt = clock.instant();
      // Free the pair before the state says the operation ended, so that whoever sees it ended may start the next.
      running.remove(op.pair, op);
      op.state = outcome;
    }
    try {
      ended.accept(op);
    } catch (RuntimeException e) {
      LOG.warn("Operation {} ended, but its end was not recorded: {}", op.id, e.getMessage());
    }
  }

  Optional<Operation> get(String id) {
    synchronized (byId) {
      return Optional.ofNullable(byId.get(id));
    }
  }

  /** Throws {@link ConflictException} while an operation of {@code pair} runs here (a check before slow work). */
  void requireIdle(PairKey pair) {
    Operation other = running.get(pair);
    if (other != null) {
      throw busy(other);
    }
  }

  private static ConflictException busy(Operation other) {
    return new ConflictException("A " + other.kind.name().toLowerCase(java.util.Locale.ROOT) + " of pair "
        + other.pair + " is under way (operation " + other.id + ", requested by " + other.requestedBy
        + "); wait for it to end");
  }

  /** The operation of {@code pair} running here now. */
  Optional<Operation> running(PairKey pair) {
    return Optional.ofNullable(running.get(pair));
  }

  /** Interrupts running operations: each stops at its next wait; what it decided stays decided. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
