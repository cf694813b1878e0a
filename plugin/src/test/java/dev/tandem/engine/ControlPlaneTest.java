package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.engine.fake.FakePair;
import dev.tandem.engine.fake.FakeSiteConnections;
import dev.tandem.model.ConflictException;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's operations over two in-memory sites, the primary's registry being the control plane's own. */
class ControlPlaneTest {
  private final FakePair sites = new FakePair();
  private ControlPlane plane;

  @BeforeEach
  void pairedSites() {
    plane = new ControlPlane(sites.primary.registry, new FakeSiteConnections(sites), sites.clock,
        RunOptions.defaults(), StepInterceptor.NONE, RunListener.NONE);
    plane.registerSite(sites.primary.site);
    plane.registerSite(sites.secondary.site);
    plane.pair(sites.primary.site.id(), sites.secondary.site.id());
  }

  @Test
  void pairingWritesBothSitesAndThePairToBothRegistries() {
    for (var site : java.util.List.of(sites.primary, sites.secondary)) {
      assertThat(site.registry.pairs()).containsExactly(sites.pair());
      assertThat(site.registry.sites()).containsExactlyInAnyOrder(sites.primary.site, sites.secondary.site);
    }
    assertThatThrownBy(() -> plane.pair(sites.secondary.site.id(), sites.primary.site.id()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("other way round");
  }

  @Test
  void aValidGroupIsStoredOnBothSitesAndRunsNow() {
    sites.primary.files.write("/data/billing/a", "alpha");
    ProtectionGroup group = plane.putGroup(sites.group("billing", 3, "/data/billing"));

    assertThat(sites.secondary.registry.group(group.name())).contains(group);
    Run run = plane.runNow(group.name(), false, "alice");

    assertThat(run.state()).as(run.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(run.requestedBy()).isEqualTo("alice");
    assertThat(sites.secondary.files.node("/data/billing/a")).isPresent();
  }

  @Test
  void aGroupThatFailsValidationIsStoredNowhere() {
    ProtectionGroup missing = sites.group("billing", 3, "/data/nowhere");

    assertThatThrownBy(() -> plane.putGroup(missing)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("/data/nowhere");
    assertThat(sites.primary.registry.groups()).isEmpty();
    assertThat(sites.secondary.registry.groups()).isEmpty();
  }

  @Test
  void aDirectoryProtectedByAnotherGroupIsRefused() {
    sites.primary.files.mkdirs("/data/billing/archive");
    plane.putGroup(sites.group("billing", 3, "/data/billing"));

    assertThatThrownBy(() -> plane.putGroup(sites.group("archive", 3, "/data/billing/archive")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("already protected by group 'billing'");
  }

  @Test
  void aPairedSiteCannotBeForgotten() {
    assertThatThrownBy(() -> plane.forgetSite(sites.secondary.site.id())).isInstanceOf(ConflictException.class)
        .hasMessageContaining("unpair it first");
    assertThat(sites.primary.registry.site(sites.secondary.site.id())).isPresent();
  }
}
