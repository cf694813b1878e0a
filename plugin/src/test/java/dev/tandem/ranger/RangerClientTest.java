package dev.tandem.ranger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.http.JsonHttp;
import dev.tandem.http.RemoteServiceException;
import dev.tandem.ranger.fake.FakeRanger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Ranger client against the fake Ranger, over real HTTP on a loopback port. */
class RangerClientTest {
  private FakeRanger fake;
  private RangerClient client;

  @BeforeEach
  void start() {
    fake = new FakeRanger("secret");
    fake.addService("c1_hadoop", "hdfs");
    fake.addService("c1_hive", "hive");
    fake.start();
    client = new RangerClient(fake.endpoint());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  static RangerPolicy policy(String name, String path, String group, String... accesses) {
    return new RangerPolicy(0, name, "c1_hadoop", "", true, true, 0,
        Map.of("path", new RangerPolicy.Resource(List.of(path), false, true)),
        List.of(new RangerPolicy.Item(java.util.Arrays.stream(accesses).map(a -> new RangerPolicy.Access(a, true))
            .toList(), List.of(), List.of(group), List.of(), List.of(), false)),
        List.of(), List.of(), List.of(), List.of());
  }

  @Test
  void policiesAreCreatedReadUpdatedAndDeleted() {
    assertThat(client.services("hdfs")).extracting(RangerService::name).containsExactly("c1_hadoop");
    RangerPolicy created = client.create(policy("billing", "/data/billing", "analysts", "read"));
    assertThat(created.id()).isPositive();
    assertThat(created.sameContent(policy("billing", "/data/billing", "analysts", "read"))).isTrue();
    assertThat(client.policy("c1_hadoop", "billing")).contains(created);

    RangerPolicy changed = policy("billing", "/data/billing", "analysts", "read", "execute").in("c1_hadoop",
        created.id());
    client.update(changed);
    assertThat(client.policy("c1_hadoop", "billing").orElseThrow().sameContent(changed)).isTrue();
    assertThat(client.policies("c1_hadoop").policies()).hasSize(1);

    assertThatThrownBy(() -> client.create(policy("billing", "/other", "x", "read")))
        .isInstanceOf(RemoteServiceException.class).hasMessageContaining("400").hasMessageContaining("already exists");
    client.delete(created.id());
    assertThat(client.policy("c1_hadoop", "billing")).isEmpty();
  }

  @Test
  void policiesTandemCannotCarryAreListedApartWithTheReason() throws Exception {
    JsonNode masking = JsonHttp.mapper().readTree("""
        {"name":"mask-ssn","service":"c1_hive","policyType":1,
         "resources":{"database":{"values":["billing"]},"table":{"values":["customers"]},"column":{"values":["ssn"]}},
         "dataMaskPolicyItems":[{"accesses":[{"type":"select","isAllowed":true}],"groups":["analysts"],
           "dataMaskInfo":{"dataMaskType":"MASK_HASH"}}]}""");
    fake.addRawPolicy(masking);
    fake.addPolicy(new RangerPolicy(0, "tables", "c1_hive", "", true, true, 0, Map.of(
        "database", new RangerPolicy.Resource(List.of("billing"), false, false)), List.of(), List.of(), List.of(),
        List.of(), List.of()));
    RangerListing listing = client.policies("c1_hive");
    assertThat(listing.policies()).extracting(RangerPolicy::name).containsExactly("tables");
    assertThat(listing.uncarried()).singleElement().satisfies(u -> {
      assertThat(u.name()).isEqualTo("mask-ssn");
      assertThat(u.reasons()).containsExactly("policy type 1 (masking or row filter)");
      assertThat(u.resources()).containsKey("column");
    });
  }

  @Test
  void aPolicyWithoutResourcesIsMalformed() {
    fake.failNext("GET", "/service/public/v2/api/service/c1_hadoop/policy", 200,
        "[{\"id\":7,\"name\":\"broken\",\"service\":\"c1_hadoop\",\"resources\":{}}]", 1);
    assertThatThrownBy(() -> client.policies("c1_hadoop")).isInstanceOf(RemoteServiceException.class)
        .hasMessageContaining("'resources' should be a non-empty object");
  }
}
