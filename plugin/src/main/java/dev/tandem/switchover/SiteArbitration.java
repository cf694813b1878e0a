package dev.tandem.switchover;

import dev.tandem.arbiter.Arbiter;
import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.ArbitrationStore;
import dev.tandem.arbiter.HealthProbe;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.SiteAgent;
import dev.tandem.engine.Registry;
import dev.tandem.engine.RunListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.SiteConnections;
import dev.tandem.engine.StepInterceptor;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.CutId;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.registry.ZkArbitrationStore;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a site's Tandem server runs for one pair: its {@link SiteAgent} (status, epoch, promotion through a
 * {@link SitePromoter}), optionally an {@link Arbiter}, and the registry clients they use. Gives the server the
 * {@link EpochGuard} for its control plane and the {@link Switchover} facade for its REST resources.
 *
 * <pre>{@code
 * SiteArbitration dr = SiteArbitration.builder(self, peer, pair, connections)
 *     .health(HdfsHealthProbe.connect(self.fileSystemUri(), conf, metastoreProbe))
 *     .steps(List.of(hiveWritable, userData))
 *     .arbiter(true)
 *     .build();
 * dr.start();
 * ControlPlane cp = new ControlPlane(registry, connections, clock, options, dr.guard(registry, StepInterceptor.NONE),
 *     listener);
 * }</pre>
 */
public final class SiteArbitration implements Closeable {
  private enum State { LATENT, STARTED, CLOSED }

  private final Site self;
  private final Site peer;
  private final PairKey pair;
  private final SiteConnections connections;
  private final ZkArbitrationStore own;
  private final ZkArbitrationStore other;
  private final SiteAgent agent;
  private final Arbiter arbiter;
  private final Clock clock;
  private final HealthProbe health;
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

  private SiteArbitration(Builder b) {
    this.self = b.self;
    this.peer = b.peer;
    this.pair = PairKey.of(b.pair);
    this.connections = b.connections;
    this.clock = b.clock;
    this.health = b.health;
    this.own = ZkArbitrationStore.connect(self.id(), self.registryConnect(), b.root, b.sessionTimeout,
        b.connectionTimeout);
    this.other = ZkArbitrationStore.connect(peer.id(), peer.registryConnect(), b.root, b.sessionTimeout,
        b.connectionTimeout);
    this.agent = SiteAgent.builder(self.id(), b.pair, own, other)
        .health(b.health)
        .promoter(new SitePromoter(self, connections, b.steps, b.clock))
        .lastGoodCuts(this::lastGoodCuts)
        .settings(b.settings)
        .clock(b.clock)
        .build();
    this.arbiter = b.arbiter ? new Arbiter("server-" + self.id(), pair, List.of(own, other), b.clock, b.settings) : null;
  }

  /**
   * @param self the site this server runs at
   * @param peer the other site of the pair
   * @param pair the pair as configured (its primary is active until a decision says otherwise)
   */
  public static Builder builder(Site self, Site peer, ClusterPair pair, SiteConnections connections) {
    return new Builder(self, peer, pair, connections);
  }

  public void start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    agent.start();
    if (arbiter != null) {
      arbiter.start();
    }
  }

  public SiteAgent agent() {
    return agent;
  }

  public Optional<Arbiter> arbiter() {
    return Optional.ofNullable(arbiter);
  }

  public PairKey pair() {
    return pair;
  }

  /** The arbitration store of either site of the pair. */
  public ArbitrationStore store(SiteId site) {
    if (site.equals(self.id())) {
      return own;
    }
    if (site.equals(peer.id())) {
      return other;
    }
    throw new IllegalArgumentException("Site " + site + " is not part of pair " + pair);
  }

  /** The guard for a control plane at this site whose groups live in {@code registry}. */
  public StepInterceptor guard(Registry registry, StepInterceptor next) {
    return new EpochGuard(registry::group, this::store, next);
  }

  /** The operator's verbs, acting through this server's clients. */
  public Switchover switchover(RunOptions options, RunListener listener, Duration timeout, String operator) {
    Map<SiteId, Site> known = new LinkedHashMap<>();
    known.put(self.id(), self);
    known.put(peer.id(), peer);
    return new Switchover(connections, known::get, this::store, clock, options, listener, timeout, operator);
  }

  private Map<String, String> lastGoodCuts() {
    Map<String, String> out = new LinkedHashMap<>();
    Registry registry = connections.open(self).registry();
    List<ProtectionGroup> groups = new ArrayList<>(SitePromoter.groupsOf(connections.open(self), pair));
    for (ProtectionGroup g : groups) {
      registry.lastGoodCut(g.name()).map(CutId::value).ifPresent(c -> out.put(g.name().value(), c));
    }
    return out;
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    if (arbiter != null) {
      arbiter.close();
    }
    agent.close();
    own.close();
    other.close();
    if (health instanceof Closeable c) {
      try {
        c.close();
      } catch (java.io.IOException e) {
        // closing anyway
      }
    }
  }

  /** Options; nothing connects before {@link #build()}. */
  public static final class Builder {
    private final Site self;
    private final Site peer;
    private final ClusterPair pair;
    private final SiteConnections connections;
    private HealthProbe health;
    private List<PromotionStep> steps = List.of(new dev.tandem.hive.HiveRollback(new org.apache.hadoop.conf.Configuration()),
        new ApplyUserData());
    private ArbitrationSettings settings = ArbitrationSettings.defaults();
    private Duration sessionTimeout = Duration.ofSeconds(15);
    private Duration connectionTimeout = Duration.ofSeconds(3);
    private String root = "/tandem";
    private boolean arbiter;
    private Clock clock = Clock.systemUTC();

    private Builder(Site self, Site peer, ClusterPair pair, SiteConnections connections) {
      this.self = Objects.requireNonNull(self, "self cannot be null");
      this.peer = Objects.requireNonNull(peer, "peer cannot be null");
      this.pair = Objects.requireNonNull(pair, "pair cannot be null");
      this.connections = Objects.requireNonNull(connections, "connections cannot be null");
    }

    /** How the site's NameNode and metastore are checked (required); closed with this if it is Closeable. */
    public Builder health(HealthProbe value) {
      this.health = value;
      return this;
    }

    /**
     * Promotion steps after the HDFS rollback, in order. Default: {@link dev.tandem.hive.HiveRollback} (metastore
     * objects back to the cut; give it the server's Hadoop configuration on a secured cluster), then
     * {@link ApplyUserData} (its Hive grants need the tables).
     */
    public Builder steps(List<PromotionStep> value) {
      this.steps = List.copyOf(value);
      return this;
    }

    /** Used until the pair's settings are found in a registry. */
    public Builder settings(ArbitrationSettings value) {
      this.settings = value;
      return this;
    }

    public Builder sessionTimeout(Duration value) {
      this.sessionTimeout = value;
      return this;
    }

    public Builder connectionTimeout(Duration value) {
      this.connectionTimeout = value;
      return this;
    }

    public Builder registryRoot(String value) {
      this.root = value;
      return this;
    }

    /**
     * Also run an arbiter in this server. All arbiters of a pair must be in one place (a third site, or the server
     * of one site): arbiters in both sites' servers would, during a partition between the sites, each keep their
     * own site active, and with automatic failover both would be.
     */
    public Builder arbiter(boolean value) {
      this.arbiter = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public SiteArbitration build() {
      Objects.requireNonNull(health, "a health probe is required");
      return new SiteArbitration(this);
    }
  }
}
