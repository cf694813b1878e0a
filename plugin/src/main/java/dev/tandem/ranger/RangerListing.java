package dev.tandem.ranger;

import java.util.List;
import java.util.Map;

/**
 * The policies of one service: the access policies Tandem carries, and the ones it cannot carry faithfully
 * (masking, row filters, validity schedules, security zones) by name and resources, with the reasons.
 */
public record RangerListing(List<RangerPolicy> policies, List<Uncarried> uncarried) {
  public RangerListing {
    policies = List.copyOf(policies);
    uncarried = List.copyOf(uncarried);
  }

  public record Uncarried(String name, Map<String, RangerPolicy.Resource> resources, List<String> reasons) {
    public Uncarried {
      resources = Map.copyOf(resources);
      reasons = List.copyOf(reasons);
    }
  }
}
